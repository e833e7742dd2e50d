/** The video and audio files of a resource in the browser's own players (controls, seeking: the
 * file endpoint answers Range requests with 206). The API has no caption files: the transcript
 * or description is in the resource's text, said next to each player. */
import type { Resource } from "../api/hooks/resources";

type File = Resource["files"][number];

export const isMedia = (file: File) => file.content_type.startsWith("video/") || file.content_type.startsWith("audio/");

export function MediaPlayers({ resource }: { resource: Resource }) {
  const media = resource.files.filter(isMedia);
  if (media.length === 0) return null;
  return (
    <section aria-labelledby="ecouter-regarder" className="fr-mb-4w">
      <h2 id="ecouter-regarder">{media.every((f) => f.content_type.startsWith("audio/")) ? "Écouter" : "Regarder et écouter"}</h2>
      {media.map((file) => {
        const src = `/api/v1/resources/${resource.id}/files/${file.id}`;
        const name = file.title ?? file.filename;
        return (
          <figure key={file.id} className="fr-content-media fr-mx-0">
            {file.content_type.startsWith("video/") ? (
              <video controls preload="metadata" src={src} aria-label={name} className="classe12-media" />
            ) : (
              <audio controls preload="metadata" src={src} aria-label={name} className="classe12-media" />
            )}
            <figcaption className="fr-content-media__caption">
              {name} — la description complète est dans le texte de la ressource.
            </figcaption>
          </figure>
        );
      })}
    </section>
  );
}
