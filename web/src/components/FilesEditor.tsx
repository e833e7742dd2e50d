/** The files of a resource its author may still change: the list with a button to remove each,
 * and a DSFR upload with its role, title and the image-rights attestation. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Upload } from "@codegouvfr/react-dsfr/Upload";
import { useRef, useState, type FormEvent } from "react";
import { useDeleteFile, useUploadFile, type FileRole } from "../api/hooks/contributions";
import type { Resource } from "../api/hooks/resources";
import { FILE_ROLES, formatSize, label } from "../labels";
import { ProblemAlert } from "./ProblemAlert";
import { messagesAbout } from "./ResourceForm";
import { busy } from "./busy";

export function FilesEditor({ resource }: { resource: Resource }) {
  const upload = useUploadFile(resource.id);
  const remove = useDeleteFile(resource.id);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [role, setRole] = useState<FileRole>("attachment");
  const [title, setTitle] = useState("");
  const [showsPupils, setShowsPupils] = useState(false);
  const [attested, setAttested] = useState(false);
  const [missing, setMissing] = useState(false);

  const send = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!file);
    if (!file) return;
    upload.mutate({ file, role, title, showsPupils, imageRightsAttested: attested }, {
      onSuccess: () => {
        setFile(null);
        setTitle("");
        if (input.current) input.current.value = "";
      },
    });
  };
  const fileMessage = missing ? "Choisissez un fichier." : messagesAbout(upload.error, "file").stateRelatedMessage;

  return (
    <section aria-labelledby="fichiers" className="fr-col-12 fr-col-md-10 fr-mb-6w">
      <h2 id="fichiers">Fichiers</h2>
      {resource.files.length === 0 ? <p>Aucun fichier pour l’instant.</p> : (
        <ul>
          {resource.files.map((f) => (
            <li key={f.id} className="fr-mb-1w">
              {f.title ?? f.filename} ({label(FILE_ROLES, f.role)}, {formatSize(f.size)}){" "}
              <Button size="small" priority="tertiary" iconId="fr-icon-delete-line" {...busy(remove.isPending)}
                onClick={() => remove.mutate(f.id)} nativeButtonProps={{ "aria-label": `Retirer le fichier ${f.title ?? f.filename}` }}>
                Retirer
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ProblemAlert error={remove.error} />
      <p role="status">
        {upload.isSuccess ? "Fichier ajouté." : ""}{remove.isSuccess ? " Fichier retiré." : ""}
      </p>
      <form onSubmit={send} noValidate>
        <h3 className="fr-h5">Ajouter un fichier</h3>
        <ProblemAlert error={upload.error} />
        <Upload
          className="fr-mb-3w"
          label="Fichier"
          hint="PDF, image (PNG, JPEG, GIF, WebP, SVG), son (MP3, Ogg, WAV, M4A) ou vidéo (MP4, WebM)."
          state={fileMessage ? "error" : "default"}
          stateRelatedMessage={fileMessage}
          nativeInputProps={{ ref: input, onChange: (e) => { setFile(e.target.files?.[0] ?? null); setMissing(false); } }}
        />
        <Select label="Rôle du fichier" {...messagesAbout(upload.error, "role")}
          nativeSelectProps={{ value: role, onChange: (e) => setRole(e.target.value as FileRole) }}>
          {Object.entries(FILE_ROLES).map(([value, name]) => <option key={value} value={value}>{name}</option>)}
        </Select>
        <Input label="Titre affiché" hintText="Facultatif" {...messagesAbout(upload.error, "title")}
          nativeInputProps={{ value: title, onChange: (e) => setTitle(e.target.value) }} />
        <Checkbox
          legend="Droit à l’image"
          {...messagesAbout(upload.error, "image_rights_attested")}
          options={[
            { label: "On y voit ou reconnaît des élèves", nativeInputProps: { checked: showsPupils, onChange: (e) => setShowsPupils(e.target.checked) } },
            { label: "Je détiens l’autorisation de droit à l’image des familles", nativeInputProps: { checked: attested, onChange: (e) => setAttested(e.target.checked) } },
          ]}
        />
        <Button type="submit" priority="secondary" iconId="fr-icon-upload-line" {...busy(upload.isPending)}>
          {upload.isPending ? "Envoi en cours…" : "Envoyer le fichier"}
        </Button>
      </form>
    </section>
  );
}
