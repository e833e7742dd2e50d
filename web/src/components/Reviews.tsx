import { Button } from "@codegouvfr/react-dsfr/Button";
import { useReviews } from "../api/hooks/resources";
import { Loading } from "./Loading";
import { ProblemAlert } from "./ProblemAlert";
import { busy } from "./busy";

const DATE = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" });

/** The stars of a resource in words ("4,2 sur 5, 12 notes"). */
export function starsInWords(average: number | null, count: number): string {
  if (!count || average === null) return "Pas encore noté";
  return `${average.toLocaleString("fr-FR")} sur 5, ${count} note${count > 1 ? "s" : ""}`;
}

/** The reviews colleagues wrote with their stars, newest first (members only). */
export function Reviews({ resourceId }: { resourceId: string }) {
  const reviews = useReviews(resourceId, true);
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="avis" className="fr-mt-6w">
      <h2 id="avis">Avis des collègues</h2>
      {reviews.isPending && <Loading />}
      <ProblemAlert error={reviews.error} />
      {reviews.isSuccess && items.length === 0 && <p>Personne n'a encore écrit d'avis sur cette ressource.</p>}
      <ul className="fr-raw-list">
        {items.map((review) => (
          <li key={review.member_id} className="fr-mb-3w">
            <p className="fr-mb-1v"><strong>{review.stars} sur 5</strong> · le {DATE.format(new Date(review.updated_at))}</p>
            <blockquote className="fr-m-0"><p>{review.review}</p></blockquote>
          </li>
        ))}
      </ul>
      {reviews.hasNextPage && (
        <Button priority="secondary" {...busy(reviews.isFetchingNextPage)} onClick={() => void reviews.fetchNextPage()}>
          Avis suivants
        </Button>
      )}
    </section>
  );
}
