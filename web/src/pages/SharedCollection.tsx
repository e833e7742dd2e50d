/** "/collections/partagees/:token": a collection somebody shared by its link, read-only, for anybody. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { useParams } from "react-router";
import { useSharedCollection } from "../api/hooks/collections";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { KINDS, label } from "../labels";
import { usePageTitle } from "../pageTitle";

export default function SharedCollection() {
  const { token = "" } = useParams();
  const { data: collection, error, isPending } = useSharedCollection(token);
  usePageTitle(collection?.name);
  if (!collection) {
    return (
      <>
        <PageHeading>Collection partagée</PageHeading>
        {isPending ? <Loading /> : (
          <>
            <ProblemAlert error={error} />
            <p>Le lien est peut-être incomplet, ou son auteur a arrêté de partager cette collection.</p>
          </>
        )}
      </>
    );
  }
  return (
    <>
      <PageHeading>{collection.name}</PageHeading>
      <p className="fr-text--lead">{collection.description ?? "Une collection de ressources partagée par un membre de Classe à 12."}</p>
      {collection.items.length === 0 && <p>Cette collection est vide.</p>}
      <ol className="fr-raw-list">
        {collection.items.map((item) => (
          <li key={item.id} className="fr-mb-3w">
            <Card
              title={item.title}
              titleAs="h2"
              size="small"
              desc={item.summary}
              linkProps={{ to: `/ressources/${item.id}` }}
              enlargeLink
              start={
                <ul className="fr-badges-group">
                  <li><Badge small severity="info" noIcon>{label(KINDS, item.kind)}</Badge></li>
                  {item.levels.map((level) => <li key={level}><Badge small noIcon>{level}</Badge></li>)}
                </ul>
              }
            />
          </li>
        ))}
      </ol>
    </>
  );
}
