/** A class at the turns of the school year: take the pupils of another class, archive it; and the
 * log of who did what on its data. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useEffect, useRef, useState } from "react";
import { useArchiveClass, useClassAudit, useClasses, useCopyPupils, type Klass } from "../../api/hooks/classes";
import { DataTable } from "../../components/DataTable";
import { Loading } from "../../components/Loading";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { formatDate } from "./levels";
import { busy } from "../../components/busy";

export function CopyPupils({ klass }: { klass: Klass }) {
  const classes = useClasses();
  const copy = useCopyPupils(klass.id);
  const others = (classes.data?.items ?? []).filter((c) => c.id !== klass.id);
  const [from, setFrom] = useState("");
  if (others.length === 0) return null;
  return (
    <section aria-labelledby="reprendre" className="fr-mb-4w">
      <h2 id="reprendre">Reprendre les élèves d’une autre classe</h2>
      <p>En début d’année, vos élèves de l’an dernier passent dans cette classe : leurs prénoms seulement, sans leurs positionnements.</p>
      <form onSubmit={(e) => { e.preventDefault(); if (from) copy.mutate(from); }}>
        <Select label="Classe d’origine" nativeSelectProps={{ value: from, onChange: (e) => setFrom(e.target.value) }}
          {...fieldState(copy.error, "from_class_id")}>
          <option value="">Choisir une classe</option>
          {others.map((c) => <option key={c.id} value={c.id}>{`${c.name} (${c.level}, ${c.school_year})`}</option>)}
        </Select>
        <Button type="submit" priority="secondary" disabled={!from} {...busy(copy.isPending)}>Reprendre les élèves</Button>
      </form>
      <p role="status">{copy.data ? `${copy.data.copied} élève${copy.data.copied > 1 ? "s" : ""} repris${copy.data.skipped ? `, ${copy.data.skipped} déjà là` : ""}.` : ""}</p>
      <ProblemAlert error={copy.error} />
    </section>
  );
}

export function ArchiveClass({ klass }: { klass: Klass }) {
  const archive = useArchiveClass(klass.id);
  const [sure, setSure] = useState(false);
  const archived = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // the form leaves with the button that was pressed: the focus goes to what replaces it
    if (archive.isSuccess && klass.archived_at) archived.current?.focus();
  }, [archive.isSuccess, klass.archived_at]);
  if (klass.archived_at) {
    return (
      <p ref={archived} tabIndex={-1} className="fr-mb-4w">
        Classe archivée le {formatDate(klass.archived_at)} : elle reste lisible, plus rien ne s’y modifie.
      </p>
    );
  }
  return (
    <section aria-labelledby="archiver" className="fr-mb-4w">
      <h2 id="archiver">Archiver la classe</h2>
      <p>En fin d’année : la classe reste lisible et exportable, mais plus rien ne s’y modifie.</p>
      <form onSubmit={(e) => { e.preventDefault(); archive.mutate(); }}>
        <Checkbox options={[{ label: "Je veux archiver cette classe", nativeInputProps: { checked: sure, onChange: (e) => setSure(e.target.checked) } }]} />
        <Button type="submit" priority="tertiary" disabled={!sure} {...busy(archive.isPending)}>Archiver la classe</Button>
      </form>
      <p role="status">{archive.isSuccess ? "La classe est archivée." : ""}</p>
      <ProblemAlert error={archive.error} />
    </section>
  );
}

const OUTCOMES: Record<string, string> = { ok: "fait", not_found: "introuvable", conflict: "refusé (conflit)", invalid: "refusé (invalide)" };

export function ClassAudit({ id }: { id: string }) {
  const audit = useClassAudit(id);
  return (
    <section aria-labelledby="journal" className="fr-mb-4w">
      <h2 id="journal">Journal de la classe</h2>
      <p>Chaque lecture et chaque modification des données des élèves est journalisée : voici les dernières.</p>
      {audit.isPending && <Loading />}
      <ProblemAlert error={audit.error} />
      {audit.data && (
        <DataTable
          caption="Les 20 dernières opérations"
          headers={["Opération", "Le", "Résultat", "Cellules"]}
          rows={audit.data.items.map((entry) => ({
            key: entry.id,
            header: entry.action,
            cells: [formatDate(entry.at), OUTCOMES[entry.outcome] ?? entry.outcome, entry.cells ?? "—"],
          }))}
        />
      )}
    </section>
  );
}
