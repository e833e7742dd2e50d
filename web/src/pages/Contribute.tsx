/** "Contribuer": my resources with their state and the reviewer's comment, and a new draft. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { useQueries } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { useCreateResource, useMyResources, type ResourceSummary } from "../api/hooks/contributions";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { EMPTY, payloadOf, ResourceForm } from "../components/ResourceForm";
import { StatusBadge } from "../components/StatusBadge";
import { KINDS, label } from "../labels";

export default function Contribute() {
  const mine = useMyResources();
  const create = useCreateResource();
  const navigate = useNavigate();
  const items = mine.data?.items ?? [];
  const comments = useReviewComments(items);
  return (
    <>
      <PageHeading>Contribuer</PageHeading>
      <p className="fr-text--lead">
        Partagez une ressource avec les collègues des classes dédoublées. Un conseiller pédagogique la relit
        avant sa publication dans le catalogue ; il peut vous demander des modifications.
      </p>
      <section aria-labelledby="mes-ressources" className="fr-mb-6w">
        <h2 id="mes-ressources">Mes ressources</h2>
        {mine.isPending && <Loading />}
        <ProblemAlert error={mine.error} />
        {mine.data && items.length === 0 && <p>Vous n’avez pas encore proposé de ressource.</p>}
        <ul className="fr-raw-list">
          {items.map((item) => (
            <li key={item.id} className="fr-mb-3w">
              <Card
                title={item.title}
                titleAs="h3"
                size="small"
                linkProps={{ to: `/contribuer/${item.id}` }}
                enlargeLink
                desc={comments.get(item.id) ? `Commentaire de la relecture : ${comments.get(item.id)}` : item.summary}
                start={
                  <ul className="fr-badges-group">
                    <li><StatusBadge status={item.status} small /></li>
                    <li><Badge small noIcon>{label(KINDS, item.kind)}</Badge></li>
                  </ul>
                }
              />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="nouvelle" className="fr-col-12 fr-col-md-10">
        <h2 id="nouvelle">Proposer une ressource</h2>
        <p>Elle reste un brouillon, visible de vous seul, jusqu’à ce que vous la soumettiez à la relecture.</p>
        <ProblemAlert error={create.error} />
        <ResourceForm
          initial={EMPTY}
          submitLabel="Enregistrer le brouillon"
          pending={create.isPending}
          error={create.error}
          onSubmit={(fields) => create.mutate(payloadOf(fields), { onSuccess: (saved) => navigate(`/contribuer/${saved.id}`) })}
        />
      </section>
    </>
  );
}

/** The reviewer's comment of each resource whose changes were requested (lists do not carry it). */
function useReviewComments(items: ResourceSummary[]): Map<string, string> {
  const asked = items.filter((item) => item.status === "changes_requested");
  const answers = useQueries({
    queries: asked.map((item) => ({
      queryKey: ["resources", item.id, true],
      queryFn: () => unwrap(api.GET("/api/v1/resources/{id}", { params: { path: { id: item.id } } })),
    })),
  });
  return new Map(asked.flatMap((item, i) => {
    const comment = answers[i]?.data?.review?.comment;
    return comment ? [[item.id, comment] as const] : [];
  }));
}
