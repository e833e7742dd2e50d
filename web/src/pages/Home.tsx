import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { Tile } from "@codegouvfr/react-dsfr/Tile";
import { Link, useLocation } from "react-router";
import { useMe } from "../api/hooks/account";
import { useLatestNotifications, useNewestResources } from "../api/hooks/feed";
import { useSignedIn } from "../auth/useSession";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { ResourceCard } from "../components/ResourceCard";
import { visibleItems } from "../navigation";

export default function Home() {
  return useSignedIn() ? <Feed /> : <Welcome />;
}

function Welcome() {
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

/** The signed-in member's home: their areas, what is new for their levels, their latest notifications. */
function Feed() {
  const me = useMe(true).data;
  const newest = useNewestResources(me?.levels[0]);
  const latest = useLatestNotifications();
  const areas = visibleItems(true, me?.roles).filter((item) => item.to !== "/");
  return (
    <>
      <PageHeading>{me ? `Bonjour ${me.display_name}` : "Mon fil d'actualité"}</PageHeading>
      <p className="fr-text--lead">Votre fil d'actualité : ce qui est nouveau pour vous sur Classe à 12.</p>
      <nav aria-labelledby="mes-espaces">
        <h2 id="mes-espaces" className="fr-h4">Mes espaces</h2>
        <ul className="fr-grid-row fr-grid-row--gutters fr-raw-list">
          {areas.map((item) => (
            <li key={item.to} className="fr-col-6 fr-col-md-3">
              <Tile title={item.text} titleAs="h3" linkProps={{ to: item.to }} small />
            </li>
          ))}
        </ul>
      </nav>
      <div className="fr-grid-row fr-grid-row--gutters fr-mt-4w">
        <section className="fr-col-12 fr-col-md-7" aria-labelledby="nouveautes">
          <h2 id="nouveautes" className="fr-h4">
            Nouveautés du catalogue{me?.levels.length ? ` en ${me.levels[0]}` : ""}
          </h2>
          {newest.isPending && <Loading />}
          <ProblemAlert error={newest.error} />
          <ul className="fr-raw-list">
            {newest.data?.items.map((item) => (
              <li key={item.id} className="fr-mb-2w"><ResourceCard resource={item} /></li>
            ))}
          </ul>
          <p><Link to="/catalogue">Tout le catalogue</Link></p>
        </section>
        <section className="fr-col-12 fr-col-md-5" aria-labelledby="dernieres-notifications">
          <h2 id="dernieres-notifications" className="fr-h4">Mes dernières notifications</h2>
          {latest.isPending && <Loading />}
          <ProblemAlert error={latest.error} />
          {latest.data && latest.data.items.length === 0 && <p>Rien de nouveau pour le moment.</p>}
          <ul>
            {latest.data?.items.map((n) => (
              <li key={n.id}>
                {n.link ? <Link to={n.link}>{n.title}</Link> : n.title}
                {!n.read_at && <span className="fr-text--xs"> (non lue)</span>}
              </li>
            ))}
          </ul>
          <p><Link to="/notifications">Toutes mes notifications</Link></p>
        </section>
      </div>
    </>
  );
}
