import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Download } from "@codegouvfr/react-dsfr/Download";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useBookmark, useRating, useResource } from "../api/hooks/resources";
import { useSignedIn } from "../auth/useSession";
import { useMe } from "../api/hooks/account";
import { AddToCollection } from "../components/AddToCollection";
import { EditorActions } from "../components/EditorActions";
import { LayoutDetails } from "../components/LayoutDetails";
import { Loading } from "../components/Loading";
import { MediaPlayers } from "../components/MediaPlayers";
import { Markdown } from "../components/Markdown";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { Reviews, starsInWords } from "../components/Reviews";
import { formatSize, KINDS, label, LICENCES } from "../labels";
import { usePageTitle } from "../pageTitle";
import { busy } from "../components/busy";

export default function Resource() {
  const { id = "" } = useParams();
  const signedIn = useSignedIn();
  const { data: resource, error, isPending } = useResource(id, signedIn);
  const editor = useMe(signedIn).data?.roles.some((role) => role === "adviser" || role === "admin") ?? false;
  usePageTitle(resource?.title);
  if (isPending) return <Loading />;
  if (!resource) return <ProblemAlert error={error} />;
  return (
    <article>
      <PageHeading>{resource.title}</PageHeading>
      <ul className="fr-badges-group fr-mb-2w">
        <li><Badge severity="info" noIcon>{label(KINDS, resource.kind)}</Badge></li>
        {resource.levels.map((level) => <li key={level}><Badge noIcon>{level}</Badge></li>)}
      </ul>
      <p className="fr-text--lead">{resource.summary}</p>
      <p className="fr-text--sm">
        {resource.authors.length > 0 && <>Par {resource.authors.map((a) => a.name).join(", ")} · </>}
        Licence {label(LICENCES, resource.licence)}
        {resource.duration_minutes ? <> · {resource.duration_minutes} minutes</> : null}
        {" · "}Note des collègues : {starsInWords(resource.stats.rating_average, resource.stats.ratings)}
        {resource.status === "published" && <>{" · "}<Link to={`/ressources/${resource.id}/versions`}>Historique des versions</Link></>}
      </p>
      <MyActions id={resource.id} mine={resource.mine} signedIn={signedIn} />
      {signedIn && resource.mine && resource.status === "published" && <AddToCollection resourceId={resource.id} />}
      <MediaPlayers resource={resource} />
      <LayoutDetails resource={resource} />
      <Markdown source={resource.body} />
      {resource.files.length > 0 && (
        <section aria-labelledby="fichiers">
          <h2 id="fichiers">Fichiers</h2>
          {resource.files.map((file) => (
            <Download
              key={file.id}
              label={file.title ?? file.filename}
              details={`${file.content_type} – ${formatSize(file.size)}`}
              linkProps={{ href: `/api/v1/resources/${resource.id}/files/${file.id}`, download: file.filename } as never}
            />
          ))}
        </section>
      )}
      {signedIn && resource.status === "published" && <Reviews resourceId={resource.id} />}
      {editor && <EditorActions id={resource.id} status={resource.status} />}
    </article>
  );
}

function MyActions({ id, mine, signedIn }: { id: string; mine: { stars: number | null; bookmarked: boolean } | null; signedIn: boolean }) {
  const bookmark = useBookmark(id);
  const rating = useRating(id);
  const [stars, setStars] = useState<string>(mine?.stars ? String(mine.stars) : "");
  const [review, setReview] = useState("");
  if (!signedIn || !mine) {
    return (
      <p className="fr-mb-4w">
        <Link to="/compte/connexion">Connectez-vous</Link> pour garder cette ressource en favori ou la noter.
      </p>
    );
  }
  return (
    <section aria-labelledby="mes-actions" className="fr-mb-4w">
      <h2 id="mes-actions" className="fr-sr-only">Mes actions</h2>
      <Button
        priority={mine.bookmarked ? "secondary" : "primary"}
        iconId={mine.bookmarked ? "fr-icon-bookmark-fill" : "fr-icon-bookmark-line"}
        aria-pressed={mine.bookmarked}
        {...busy(bookmark.isPending)}
        onClick={() => bookmark.mutate(!mine.bookmarked)}
      >
        {mine.bookmarked ? "Dans mes favoris" : "Ajouter à mes favoris"}
      </Button>
      <p role="status" className="fr-sr-only">{bookmark.isSuccess ? (mine.bookmarked ? "Ajoutée à vos favoris." : "Retirée de vos favoris.") : ""}</p>
      <ProblemAlert error={bookmark.error} />
      <form className="fr-mt-3w" onSubmit={(e) => { e.preventDefault(); if (stars) rating.mutate({ stars: Number(stars), review: review.trim() || null }); }}>
        <RadioButtons
          legend="Ma note"
          orientation="horizontal"
          options={[1, 2, 3, 4, 5].map((n) => ({
            label: `${n} étoile${n > 1 ? "s" : ""}`,
            nativeInputProps: { value: String(n), checked: stars === String(n), onChange: () => setStars(String(n)) },
          }))}
        />
        <Input label="Mon avis (facultatif)" hintText="Ce qui a marché dans votre classe, ce que vous avez adapté." textArea
          nativeTextAreaProps={{ value: review, maxLength: 2000, onChange: (e) => setReview(e.target.value) }} {...fieldState(rating.error, "review")} />
        <Button type="submit" priority="secondary" disabled={!stars} {...busy(rating.isPending)}>Noter</Button>
        <p role="status">{rating.isSuccess ? "Merci, votre note est enregistrée." : ""}</p>
        <ProblemAlert error={rating.error} />
      </form>
    </section>
  );
}
