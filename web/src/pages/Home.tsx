import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { useLocation } from "react-router";
import { PageHeading } from "../components/PageHeading";

export default function Home() {
  // a message from the page that sent the person here (the account deleted, signed out everywhere)
  const message = (useLocation().state as { message?: string } | null)?.message;
  return (
    <>
      <PageHeading>Classe à 12</PageHeading>
      {message && <Alert className="fr-mb-4w" severity="success" small description={message} />}
      <p className="fr-text--lead">
        Le service public des enseignants de CP et de CE1 dédoublés : des ressources relues par des conseillers,
        de l'entraide entre collègues et une évaluation pour suivre les progrès, pas pour contrôler.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Card title="Catalogue des ressources" titleAs="h2" enlargeLink linkProps={{ to: "/catalogue" }}
            desc="Fiches, séquences, vidéos et guides d'aménagement de la classe, à chercher avec vos mots." />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Card title="Créer un compte" titleAs="h2" enlargeLink linkProps={{ to: "/compte/inscription" }}
            desc="Gardez vos ressources en favori, notez-les et échangez avec des collègues." />
        </div>
      </div>
    </>
  );
}
