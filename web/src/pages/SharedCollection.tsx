/** "/collections/partagees/:token": a collection somebody shared by its link, read-only, for anybody. */
import { useParams } from "react-router";
import { useSharedCollection } from "../api/hooks/collections";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { ResourceCard } from "../components/ResourceCard";

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
            <ResourceCard resource={item} titleAs="h2" />
          </li>
        ))}
      </ol>
    </>
  );
}
