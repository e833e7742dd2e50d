/** "Relecture": the resources submitted for review, oldest first, for advisers and admins. */
import { useReviewQueue } from "../api/hooks/contributions";
import { EditorsOnly } from "../components/EditorsOnly";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { ResourceCard } from "../components/ResourceCard";

export default function Review() {
  return <EditorsOnly title="Relecture"><Queue /></EditorsOnly>;
}

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("fr-FR", { dateStyle: "long" }) : "");

function Queue() {
  const queue = useReviewQueue(true);
  const items = queue.data?.items ?? [];
  return (
    <>
      <PageHeading>Relecture</PageHeading>
      <p className="fr-text--lead">Les ressources que des membres ont soumises. Relisez-les, puis publiez-les ou demandez des modifications.</p>
      {queue.isPending && <Loading />}
      <ProblemAlert error={queue.error} />
      <p role="status">
        {queue.data ? (items.length === 0 ? "Aucune ressource à relire." : `${items.length} ressource${items.length > 1 ? "s" : ""} à relire.`) : ""}
      </p>
      <ul className="fr-raw-list">
        {items.map((item) => (
          <li key={item.id} className="fr-mb-3w">
            <ResourceCard resource={item} titleAs="h2" to={`/relecture/${item.id}`} detail={item.submitted_at ? `Soumise le ${date(item.submitted_at)}` : undefined} />
          </li>
        ))}
      </ul>
    </>
  );
}
