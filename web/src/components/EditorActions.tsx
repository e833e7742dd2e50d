import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useRef, useState } from "react";
import { useArchiveResource, usePublishResource } from "../api/hooks/contributions";
import { fieldState, ProblemAlert } from "./ProblemAlert";
import { busy } from "./busy";

/** For editors (advisers, admins) on a resource's page: archive a published resource with a reason
 * its author reads, or publish an archived one again. Each action replaces the controls with the
 * other one: the focus goes back to the section's heading and its status tells what was done. */
export function EditorActions({ id, status }: { id: string; status: string }) {
  const archive = useArchiveResource(id);
  const publish = usePublishResource(id);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const after = (message: string) => () => { setDone(message); heading.current?.focus(); };
  if (status !== "archived" && status !== "published") return null;
  return (
    <section aria-labelledby="edition" className="fr-mt-6w">
      <h2 id="edition" ref={heading} tabIndex={-1}>Édition</h2>
      {status === "archived" ? (
        <>
          <p>Cette ressource est archivée : elle n'apparaît plus dans le catalogue.</p>
          <Button priority="secondary" {...busy(publish.isPending)}
            onClick={() => publish.mutateAsync().then(after("La ressource est de nouveau publiée."), () => undefined)}>
            Publier à nouveau
          </Button>
        </>
      ) : (
        <form onSubmit={(e) => {
          e.preventDefault();
          archive.mutateAsync(reason).then(after("La ressource est archivée."), () => undefined);
        }}>
          <Input label="Motif de l'archivage (facultatif)" hintText="L'auteur ou l'autrice le lira." textArea
            nativeTextAreaProps={{ value: reason, maxLength: 2000, onChange: (e) => setReason(e.target.value) }}
            {...fieldState(archive.error, "reason")} />
          <Button type="submit" priority="tertiary" {...busy(archive.isPending)}>Archiver la ressource</Button>
        </form>
      )}
      <p role="status">{done}</p>
      <ProblemAlert error={status === "archived" ? publish.error : archive.error} />
    </section>
  );
}
