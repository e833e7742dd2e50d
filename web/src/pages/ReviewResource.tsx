/** "/relecture/:id": read a submitted resource, then publish it or ask its author for changes. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { fieldState } from "../components/ProblemAlert";
import { usePublishResource, useRequestChanges } from "../api/hooks/contributions";
import { useResource, useTaxonomy, type Resource } from "../api/hooks/resources";
import { EditorsOnly } from "../components/EditorsOnly";
import { Loading } from "../components/Loading";
import { Markdown } from "../components/Markdown";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { StatusBadge } from "../components/StatusBadge";
import { FILE_ROLES, formatSize, KINDS, label, LICENCES } from "../labels";
import { usePageTitle } from "../pageTitle";
import { busy } from "../components/busy";

export default function ReviewResource() {
  return <EditorsOnly title="Relire une ressource"><Reading /></EditorsOnly>;
}

function Reading() {
  const { id = "" } = useParams();
  const taxonomy = useTaxonomy().data;
  const topicName = (slug: string) =>
    taxonomy?.domains.flatMap((d) => d.subdomains).find((s) => s.slug === slug)?.label ?? slug;
  const { data: resource, error, isPending } = useResource(id, true);
  usePageTitle(resource ? `Relire : ${resource.title}` : undefined);
  if (!resource) return <><PageHeading>Relire une ressource</PageHeading>{isPending ? <Loading /> : <ProblemAlert error={error} />}</>;
  return (
    <>
      <PageHeading>{resource.title}</PageHeading>
      <p>État : <StatusBadge status={resource.status} /></p>
      <Decision resource={resource} />
      <article aria-labelledby="contenu-propose" className="fr-mt-6w">
        <h2 id="contenu-propose">La ressource proposée</h2>
        <ul className="fr-badges-group fr-mb-2w">
          <li><Badge severity="info" noIcon>{label(KINDS, resource.kind)}</Badge></li>
          {resource.levels.map((level) => <li key={level}><Badge noIcon>{level}</Badge></li>)}
        </ul>
        <p className="fr-text--lead">{resource.summary}</p>
        <p className="fr-text--sm">
          Licence {label(LICENCES, resource.licence)}
          {resource.duration_minutes ? <> · {resource.duration_minutes} minutes</> : null}
          {resource.topics.length > 0 && <> · Thèmes : {resource.topics.map(topicName).join(", ")}</>}
        </p>
        <Markdown source={resource.body} />
        {resource.files.length > 0 && (
          <>
            <h3>Fichiers</h3>
            <ul>
              {resource.files.map((f) => (
                <li key={f.id}>
                  {f.title ?? f.filename} ({label(FILE_ROLES, f.role)}, {formatSize(f.size)}
                  {f.shows_pupils ? (f.image_rights_attested ? ", élèves visibles, droit à l’image attesté" : ", élèves visibles, droit à l’image non attesté") : ""})
                </li>
              ))}
            </ul>
          </>
        )}
      </article>
    </>
  );
}

function Decision({ resource }: { resource: Resource }) {
  const publish = usePublishResource(resource.id);
  const requestChanges = useRequestChanges(resource.id);
  const [comment, setComment] = useState("");
  const [blank, setBlank] = useState(false);
  const done = publish.isSuccess ? "published" : requestChanges.isSuccess ? "changes" : null;

  if (done || resource.status !== "submitted") {
    return (
      <div role="status" className="fr-mb-4w">
        {done === "published" && <p>La ressource est publiée : <Link to={`/ressources/${resource.id}`}>la voir dans le catalogue</Link>.</p>}
        {done === "changes" && <p>Votre demande de modifications est envoyée à l’auteur.</p>}
        {!done && <p>Cette ressource n’attend pas de relecture.</p>}
        <p><Link to="/relecture">Retour aux ressources à relire</Link></p>
      </div>
    );
  }
  const ask = () => {
    setBlank(!comment.trim());
    if (comment.trim()) requestChanges.mutate(comment.trim());
  };
  return (
    <section aria-labelledby="decision" className="fr-col-12 fr-col-md-8">
      <h2 id="decision">Votre décision</h2>
      <ProblemAlert error={publish.error} />
      <Button iconId="fr-icon-check-line" {...busy(publish.isPending)} onClick={() => publish.mutate()}>Publier</Button>
      <form className="fr-mt-4w" noValidate onSubmit={(e) => { e.preventDefault(); ask(); }}>
        <ProblemAlert error={requestChanges.error} />
        <Input
          label="Commentaire pour l’auteur"
          hintText="Ce qu’il faut changer avant la publication, avec bienveillance."
          textArea
          {...(blank ? { state: "error" as const, stateRelatedMessage: "Écrivez ce qu’il faut modifier." } : fieldState(requestChanges.error, "comment"))}
          nativeTextAreaProps={{ value: comment, onChange: (e) => setComment(e.target.value), rows: 4 }}
        />
        <Button type="submit" priority="secondary" {...busy(requestChanges.isPending)}>Demander des modifications</Button>
      </form>
    </section>
  );
}
