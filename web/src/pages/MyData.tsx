import { Button } from "@codegouvfr/react-dsfr/Button";
import { Link } from "react-router";
import { useExport } from "../api/hooks/account";
import { ApiProblem } from "../api/client";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { DeleteAccount } from "./account/DeleteAccount";
import { busy } from "../components/busy";

/** Mes données: download everything the platform keeps about me, or delete my account. */
export default function MyData() {
  const download = useExport();
  const unavailable = download.error instanceof ApiProblem && download.error.problem.status === 503;
  return (
    <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
      <PageHeading>Mes données</PageHeading>
      <p>
        Ce que Classe à 12 garde sur vous, pourquoi et combien de temps : voir
        la page <Link to="/donnees-personnelles">Données personnelles</Link>.
      </p>
      <section aria-labelledby="telecharger" className="fr-mb-6w">
        <h2 id="telecharger">Télécharger mes données</h2>
        <p>
          Un fichier JSON rassemble tout ce que chaque partie du service garde sur vous : votre compte et votre profil,
          vos groupes et messages, vos ressources, favoris, notes et collections, vos classes et vos notifications.
          Il ne contient rien d'une autre personne.
        </p>
        <Button type="button" iconId="fr-icon-download-line" {...busy(download.isPending)} onClick={() => download.mutate()}>
          Télécharger mes données
        </Button>
        <p role="status" className="fr-mt-2w">
          {download.isPending ? "Préparation du fichier…" : download.isSuccess ? `Le fichier ${download.data} est téléchargé.` : ""}
        </p>
        {unavailable && (
          <p>
            Une partie du service ne répond pas en ce moment. Pour ne pas vous remettre un fichier incomplet,
            l'export n'est fait que lorsque toutes répondent : réessayez dans quelques minutes.
          </p>
        )}
        <ProblemAlert error={download.error} />
      </section>
      <DeleteAccount />
    </div>
  );
}
