import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { useArchiveResource, usePublishResource } from "../api/hooks/contributions";
import { fieldState, ProblemAlert } from "./ProblemAlert";

/** For editors (advisers, admins) on a resource's page: archive a published resource with a reason
 * its author reads, or publish an archived one again. */
export function EditorActions({ id, status }: { id: string; status: string }) {
  const archive = useArchiveResource(id);
  const publish = usePublishResource(id);
  const [reason, setReason] = useState("");
  if (status === "archived") {
    return (
      <section aria-labelledby="edition" className="fr-mt-6w">
        <h2 id="edition">Édition</h2>
        <p>Cette ressource est archivée : elle n'apparaît plus dans le catalogue.</p>
        <Button priority="secondary" disabled={publish.isPending} onClick={() => publish.mutate()}>Publier à nouveau</Button>
        <p role="status">{publish.isSuccess ? "La ressource est de nouveau publiée." : ""}</p>
        <ProblemAlert error={publish.error} />
      </section>
    );
  }
  if (status !== "published") return null;
  return (
    <section aria-labelledby="edition" className="fr-mt-6w">
      <h2 id="edition">Édition</h2>
      <form onSubmit={(e) => { e.preventDefault(); archive.mutate(reason); }}>
        <Input label="Motif de l'archivage (facultatif)" hintText="L'auteur ou l'autrice le lira." textArea
          nativeTextAreaProps={{ value: reason, maxLength: 2000, onChange: (e) => setReason(e.target.value) }}
          {...fieldState(archive.error, "reason")} />
        <Button type="submit" priority="tertiary" disabled={archive.isPending}>Archiver la ressource</Button>
      </form>
      <p role="status">{archive.isSuccess ? "La ressource est archivée." : ""}</p>
      <ProblemAlert error={archive.error} />
    </section>
  );
}
