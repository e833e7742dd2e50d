/** The fields of a resource a member writes (new draft or changes): title, kind, levels, topics,
 * summary, Markdown body, licence, duration, source, link, and the layout of a room-layout guide.
 * The API's messages are shown next to their field. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Tag } from "@codegouvfr/react-dsfr/Tag";
import { useState, type FormEvent } from "react";
import { ApiProblem } from "../api/client";
import type { NewResource } from "../api/hooks/contributions";
import { useTaxonomy, type Resource } from "../api/hooks/resources";
import { KINDS, LICENCES, ZONES } from "../labels";
import { busy } from "./busy";

type Kind = NewResource["kind"];
type Level = NewResource["levels"][number];
type Licence = NonNullable<NewResource["licence"]>;
type Zone = NonNullable<NewResource["layout"]>["zones"][number];

const LEVELS: Level[] = ["CP", "CE1", "CE2"];

export type ResourceFields = {
  title: string; kind: Kind; levels: Level[]; topics: string[]; summary: string; body: string; licence: Licence;
  duration: string; source: string; externalUrl: string;
  surface: string; pupils: string; zones: Zone[]; furniture: string; tips: string;
};

export const EMPTY: ResourceFields = {
  title: "", kind: "fiche", levels: [], topics: [], summary: "", body: "", licence: "cc-by-4.0",
  duration: "", source: "", externalUrl: "", surface: "", pupils: "", zones: [], furniture: "", tips: "",
};

export function fieldsOf(resource: Resource): ResourceFields {
  const layout = resource.layout;
  return {
    title: resource.title, kind: resource.kind, levels: resource.levels, topics: resource.topics, summary: resource.summary,
    body: resource.body, licence: resource.licence, duration: resource.duration_minutes ? String(resource.duration_minutes) : "",
    source: resource.source ?? "", externalUrl: resource.external_url ?? "",
    surface: layout ? String(layout.surface_m2) : "", pupils: layout ? String(layout.pupils) : "", zones: layout?.zones ?? [],
    furniture: layout?.furniture.join("\n") ?? "", tips: layout?.tips.join("\n") ?? "",
  };
}

const lines = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);
const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text.replace(",", ".")));

/** The API's body for these fields (a layout only for a room-layout guide, keeping its plan). */
export function payloadOf(fields: ResourceFields, planFileId?: string | null): NewResource {
  return {
    title: fields.title, kind: fields.kind, levels: fields.levels, topics: fields.topics, summary: fields.summary,
    body: fields.body, licence: fields.licence, duration_minutes: numberOrNull(fields.duration),
    source: fields.source.trim() || null, external_url: fields.externalUrl.trim() || null,
    layout: fields.kind === "amenagement"
      ? { surface_m2: numberOrNull(fields.surface) ?? 0, pupils: numberOrNull(fields.pupils) ?? 0, zones: fields.zones,
          furniture: lines(fields.furniture), tips: lines(fields.tips), ...(planFileId ? { plan_file_id: planFileId } : {}) }
      : null,
  };
}

/** The API's messages about a field and its parts ("topics" and "topics.0"), for a DSFR input. */
export function messagesAbout(error: unknown, name: string): { state?: "error"; stateRelatedMessage?: string } {
  const errors = error instanceof ApiProblem ? error.problem.errors ?? {} : {};
  const found = Object.entries(errors).filter(([key]) => key === name || key.startsWith(`${name}.`)).flatMap(([, m]) => m);
  return found.length ? { state: "error", stateRelatedMessage: found.join(" ") } : {};
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

export function ResourceForm({ initial, submitLabel, pending, error, onSubmit }: {
  initial: ResourceFields; submitLabel: string; pending: boolean; error: unknown; onSubmit: (fields: ResourceFields) => void;
}) {
  const [fields, setFields] = useState(initial);
  const set = <K extends keyof ResourceFields>(name: K, value: ResourceFields[K]) => setFields((f) => ({ ...f, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(fields);
  };
  const text = (name: keyof ResourceFields) => ({ value: fields[name] as string, onChange: (e: { target: { value: string } }) => set(name, e.target.value as never) });

  return (
    <form onSubmit={submit} noValidate>
      <Input label="Titre" {...messagesAbout(error, "title")} nativeInputProps={{ ...text("title"), required: true, maxLength: 160 }} />
      <Select label="Type de ressource" {...messagesAbout(error, "kind")}
        nativeSelectProps={{ value: fields.kind, onChange: (e) => set("kind", e.target.value as Kind) }}>
        {Object.entries(KINDS).map(([value, name]) => <option key={value} value={value}>{name}</option>)}
      </Select>
      <Checkbox legend="Niveaux" orientation="horizontal" {...messagesAbout(error, "levels")}
        options={LEVELS.map((level) => ({
          label: level,
          nativeInputProps: { checked: fields.levels.includes(level), onChange: (e) => set("levels", LEVELS.filter((l) => l === level ? e.target.checked : fields.levels.includes(l))) },
        }))} />
      <TopicsField topics={fields.topics} onChange={(topics) => set("topics", topics)} error={error} />
      <Input label="Résumé" hintText="Deux ou trois phrases : ce que la ressource apporte, pour qui." textArea
        {...messagesAbout(error, "summary")} nativeTextAreaProps={{ ...text("summary"), rows: 3 }} />
      <Input label="Contenu" textArea {...messagesAbout(error, "body")}
        hintText="En Markdown : une ligne vide entre deux paragraphes, « ## » devant un intertitre, « - » devant chaque élément d’une liste."
        nativeTextAreaProps={{ ...text("body"), rows: 12 }} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Licence" {...messagesAbout(error, "licence")}
            nativeSelectProps={{ value: fields.licence, onChange: (e) => set("licence", e.target.value as Licence) }}>
            {Object.entries(LICENCES).map(([value, name]) => <option key={value} value={value}>{name}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input label="Durée en classe (minutes)" hintText="Facultative" {...messagesAbout(error, "duration_minutes")}
            nativeInputProps={{ ...text("duration"), type: "number", min: 1, inputMode: "numeric" }} />
        </div>
      </div>
      <Input label="Source ou inspiration" hintText="Facultative" {...messagesAbout(error, "source")} nativeInputProps={text("source")} />
      <Input label="Lien vers une page extérieure" hintText="Facultatif, par exemple https://eduscol.education.fr/…"
        {...messagesAbout(error, "external_url")} nativeInputProps={{ ...text("externalUrl"), type: "url" }} />
      {fields.kind === "amenagement" && <LayoutFields fields={fields} set={set} error={error} />}
      <Button type="submit" {...busy(pending)}>{submitLabel}</Button>
    </form>
  );
}

function LayoutFields({ fields, set, error }: {
  fields: ResourceFields; set: <K extends keyof ResourceFields>(name: K, value: ResourceFields[K]) => void; error: unknown;
}) {
  return (
    <fieldset className="fr-fieldset">
      <legend className="fr-fieldset__legend">Aménagement de la classe</legend>
      <div className="fr-fieldset__element">
        <Input label="Surface de la salle (m²)" {...messagesAbout(error, "layout.surface_m2")}
          nativeInputProps={{ value: fields.surface, onChange: (e) => set("surface", e.target.value), type: "number", min: 1 }} />
        <Input label="Nombre d’élèves" {...messagesAbout(error, "layout.pupils")}
          nativeInputProps={{ value: fields.pupils, onChange: (e) => set("pupils", e.target.value), type: "number", min: 1 }} />
        <Checkbox legend="Espaces" orientation="horizontal" {...messagesAbout(error, "layout.zones")}
          options={Object.entries(ZONES).map(([zone, name]) => ({
            label: name,
            nativeInputProps: { checked: fields.zones.includes(zone as Zone), onChange: (e) => set("zones", toggle(fields.zones, zone as Zone, e.target.checked)) },
          }))} />
        <Input label="Mobilier" hintText="Un élément par ligne" textArea {...messagesAbout(error, "layout.furniture")}
          nativeTextAreaProps={{ value: fields.furniture, onChange: (e) => set("furniture", e.target.value), rows: 4 }} />
        <Input label="Conseils" hintText="Un conseil par ligne" textArea {...messagesAbout(error, "layout.tips")}
          nativeTextAreaProps={{ value: fields.tips, onChange: (e) => set("tips", e.target.value), rows: 4 }} />
      </div>
    </fieldset>
  );
}

/** Topics from the taxonomy: a list to pick one more from, the chosen ones as tags to remove. */
function TopicsField({ topics, onChange, error }: { topics: string[]; onChange: (topics: string[]) => void; error: unknown }) {
  const taxonomy = useTaxonomy().data;
  const names = new Map(taxonomy?.domains.flatMap((d) => d.subdomains.map((s) => [s.slug, s.label] as const)) ?? []);
  return (
    <div className="fr-mb-3w">
      <Select label="Ajouter un thème" hint="Les thèmes du catalogue ; choisissez-en un ou plusieurs." {...messagesAbout(error, "topics")}
        nativeSelectProps={{ value: "", onChange: (e) => e.target.value && onChange(toggle(topics, e.target.value, true)) }}>
        <option value="">Choisir un thème</option>
        {taxonomy?.domains.map((domain) => (
          <optgroup key={domain.slug} label={domain.label}>
            {domain.subdomains.filter((s) => !topics.includes(s.slug)).map((s) => <option key={s.slug} value={s.slug}>{s.label}</option>)}
          </optgroup>
        ))}
      </Select>
      <p className="fr-sr-only" role="status">{topics.length ? `Thèmes choisis : ${topics.map((t) => names.get(t) ?? t).join(", ")}.` : ""}</p>
      {topics.length > 0 && (
        <ul className="fr-tags-group" aria-label="Thèmes choisis">
          {topics.map((topic) => (
            <li key={topic}>
              <Tag dismissible small nativeButtonProps={{ type: "button", "aria-label": `Retirer le thème ${names.get(topic) ?? topic}`, onClick: () => onChange(toggle(topics, topic, false)) }}>
                {names.get(topic) ?? topic}
              </Tag>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
