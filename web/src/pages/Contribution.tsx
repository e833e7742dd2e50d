/** "/contribuer/:id": follow one of my resources (state, the reviewer's comment), change it while it
 * is a draft or changes were requested (optimistic locking: a stale version is explained), add or
 * remove its files, submit it for review. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiProblem } from "../api/client";
import { useSubmitResource, useUpdateResource } from "../api/hooks/contributions";
import { useResource, type Resource } from "../api/hooks/resources";
import { FilesEditor } from "../components/FilesEditor";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { fieldsOf, payloadOf, ResourceForm } from "../components/ResourceForm";
import { StatusBadge } from "../components/StatusBadge";
import { usePageTitle } from "../pageTitle";
import { busy } from "../components/busy";

const EDITABLE = ["draft", "changes_requested"];

export default function Contribution() {
  const { id = "" } = useParams();
  const { data: resource, error, isPending, refetch } = useResource(id, true);
  usePageTitle(resource ? `Ma ressource : ${resource.title}` : undefined);
  if (!resource) return <><PageHeading>Ma ressource</PageHeading>{isPending ? <Loading /> : <ProblemAlert error={error} />}</>;
  const editable = EDITABLE.includes(resource.status);
  return (
    <>
      <PageHeading>{resource.title}</PageHeading>
      <p>État : <StatusBadge status={resource.status} /></p>
      {resource.review && resource.status === "changes_requested" && (
        <CallOut title="Modifications demandées par la relecture" titleAs="h2" className="fr-mb-4w">
          {resource.review.comment}
        </CallOut>
      )}
      <div role="status"><StateExplained resource={resource} /></div>
      {editable && (
        <>
          <Editor key={resource.id} resource={resource} latest={async () => (await refetch()).data} />
          <FilesEditor resource={resource} />
          <SubmitForReview resource={resource} />
        </>
      )}
    </>
  );
}

function StateExplained({ resource }: { resource: Resource }) {
  switch (resource.status) {
    case "draft":
      return <p>Ce brouillon n’est visible que de vous. Soumettez-le à la relecture quand il est prêt.</p>;
    case "changes_requested":
      return <p>Modifiez votre ressource selon le commentaire, puis soumettez-la de nouveau.</p>;
    case "submitted":
      return <p>Votre ressource est en relecture. Vous pourrez la modifier si le conseiller pédagogique vous demande des changements.</p>;
    case "published":
      return <p>Votre ressource est publiée : <Link to={`/ressources/${resource.id}`}>voir la ressource dans le catalogue</Link>.</p>;
    default:
      return <p>Cette ressource est archivée : elle n’est plus dans le catalogue.</p>;
  }
}

/** The fields, saved with the version they were read from: a change made meanwhile is a conflict. */
function Editor({ resource, latest }: { resource: Resource; latest: () => Promise<Resource | undefined> }) {
  const update = useUpdateResource(resource.id);
  const [base, setBase] = useState(resource);
  const [generation, setGeneration] = useState(0);
  const [reloaded, setReloaded] = useState(false);
  const stale = update.error instanceof ApiProblem && update.error.problem.status === 409 && !!update.error.field("expected_version");
  const reload = async () => {
    const fresh = await latest();
    if (!fresh) return;
    setBase(fresh);
    setGeneration((g) => g + 1);
    setReloaded(true);
    update.reset();
    requestAnimationFrame(() => document.getElementById("modifier")?.focus());
  };
  return (
    <section aria-labelledby="modifier" className="fr-col-12 fr-col-md-10 fr-mb-6w">
      <h2 id="modifier" tabIndex={-1}>Modifier la ressource</h2>
      {stale ? (
        <Alert severity="warning" role="alert" className="fr-mb-3w" title="Cette ressource a changé depuis que vous l’avez ouverte"
          description={<>
            <p>Quelqu’un (vous dans un autre onglet, ou un conseiller pédagogique) l’a modifiée entre-temps.
              Pour ne pas effacer ces changements, vos modifications n’ont pas été enregistrées.
              Chargez la dernière version, puis refaites vos modifications.</p>
            <Button priority="secondary" onClick={reload} className="fr-mt-2w">Charger la dernière version</Button>
          </>} />
      ) : <ProblemAlert error={update.error} />}
      <p role="status">{update.isSuccess ? "Modifications enregistrées." : reloaded ? "Dernière version chargée : refaites vos modifications." : ""}</p>
      <ResourceForm
        key={generation}
        initial={fieldsOf(base)}
        submitLabel="Enregistrer les modifications"
        pending={update.isPending}
        error={stale ? null : update.error}
        onSubmit={(fields) => update.mutate(
          { ...payloadOf(fields, base.layout?.plan_file_id), expected_version: base.version },
          { onSuccess: (saved) => setBase((b) => ({ ...b, version: saved.version })) },
        )}
      />
    </section>
  );
}

function SubmitForReview({ resource }: { resource: Resource }) {
  const submit = useSubmitResource(resource.id);
  return (
    <section aria-labelledby="soumettre" className="fr-mb-6w">
      <h2 id="soumettre">Soumettre à la relecture</h2>
      <p>Enregistrez d’abord vos modifications. Un conseiller pédagogique relira la ressource avant de la publier.</p>
      <ProblemAlert error={submit.error} />
      <Button iconId="fr-icon-send-plane-line" {...busy(submit.isPending)} onClick={() => submit.mutate()}>
        Soumettre à la relecture
      </Button>
    </section>
  );
}
