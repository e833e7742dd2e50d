/** The positioning grid: rows are the pupils, columns the items of one competence, each cell a
 * level of the LSU scale; one date and one save (PUT grid) for the whole grid. The grid opens with
 * each pupil's latest level on each item (GET grid, per competence) and the date it was entered;
 * a save sends only the cells the teacher changed, since every cell sent is a positioning dated
 * the day chosen (re-sending unchanged cells would add them to every pupil's history).
 *
 * Why a plain table of labelled native <select>s rather than an ARIA `grid` of custom cells:
 * each cell is a standard form control with its own label ("Niveau de Léa : <item>"), which NVDA,
 * JAWS, VoiceOver, TalkBack and voice control all announce and operate the same way, in browse
 * mode (table navigation, th scope row/col) as in focus mode; role="grid" depends on the screen
 * reader switching modes and would oblige us to rebuild a listbox in every cell. On top of it, a
 * roving tabindex keeps the grid a single Tab stop and the arrow keys move between cells like a
 * spreadsheet (useRovingGrid); the level is chosen with N, P, A, D (or 1 to 4), Suppr empties the
 * cell, Espace or Alt+Flèche bas opens the list. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useMemo, useState, type KeyboardEvent } from "react";
import { Link, useParams } from "react-router";
import { ApiProblem } from "../api/client";
import { useClass, useFramework, useGrid, usePositionGrid, type Cell, type Framework, type Grid as SavedGrid, type Level } from "../api/hooks/classes";
import { busy } from "../components/busy";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { formatDate, LEVEL_LABELS, LEVELS, today } from "./classes/levels";
import { useRovingGrid } from "./classes/useRovingGrid";

const SHORTCUTS: Record<string, Level | ""> = {
  n: "non_atteint", p: "partiellement_atteint", a: "atteint", d: "depasse",
  "1": "non_atteint", "2": "partiellement_atteint", "3": "atteint", "4": "depasse", Delete: "", Backspace: "",
};

type Competence = Framework["domains"][number]["competences"][number];

const key = (pupilId: string, itemId: string) => `${pupilId}|${itemId}`;

export default function ClassGrid() {
  const { id = "" } = useParams();
  const klass = useClass(id);
  const framework = useFramework();
  usePageTitle(klass.data ? `Positionner ${klass.data.name}` : undefined);
  if (klass.isPending || framework.isPending) return <Loading />;
  if (!klass.data || !framework.data) return <ProblemAlert error={klass.error ?? framework.error} />;
  return <Grid classId={id} name={klass.data.name} level={klass.data.level} pupils={klass.data.pupils} framework={framework.data} />;
}

function Grid({ classId, name, level, pupils, framework }: {
  classId: string; name: string; level: string; pupils: { id: string; alias: string }[]; framework: Framework;
}) {
  // the domains and competences with items worked at the class's level
  const domains = useMemo(() => framework.domains
    .map((d) => ({ ...d, competences: d.competences.filter((c) => c.items.some((i) => i.levels.includes(level as never))) }))
    .filter((d) => d.competences.length > 0), [framework, level]);
  const [domainId, setDomainId] = useState(domains[0]?.id ?? "");
  const domain = domains.find((d) => d.id === domainId) ?? domains[0];
  const [competenceId, setCompetenceId] = useState(domain?.competences[0]?.id ?? "");
  const competence: Competence | undefined = domain?.competences.find((c) => c.id === competenceId) ?? domain?.competences[0];
  const items = competence?.items.filter((i) => i.levels.includes(level as never)) ?? [];
  const [date, setDate] = useState(today());
  // what the teacher changed, over what the grid holds (saved); only those cells are sent
  const [edits, setEdits] = useState<Record<string, Level | "">>({});
  const [sent, setSent] = useState<Cell[]>([]);
  const save = usePositionGrid(classId);
  const grid = useGrid(classId, competence?.id ?? "");
  const saved = useMemo(() => savedCells(grid.data), [grid.data]);
  const { move, cellProps } = useRovingGrid(pupils.length, items.length);
  const scale = framework.scale.length ? framework.scale : LEVELS.map((l) => ({ id: l, label: LEVEL_LABELS[l] }));

  const setLevel = (pupilId: string, itemId: string, value: Level | "") => setEdits((all) => ({ ...all, [key(pupilId, itemId)]: value }));
  const valueOf = (pupilId: string, itemId: string): Level | "" =>
    edits[key(pupilId, itemId)] ?? saved[key(pupilId, itemId)]?.level ?? "";
  const changed = (pupilId: string, itemId: string) => valueOf(pupilId, itemId) !== (saved[key(pupilId, itemId)]?.level ?? "");
  // the cells changed to a level (emptying a saved cell erases nothing: it is not sent)
  const cells: Cell[] = pupils.flatMap((pupil) => items.flatMap((item) => {
    const value = valueOf(pupil.id, item.id);
    return value && changed(pupil.id, item.id) ? [{ pupil_id: pupil.id, item_id: item.id, level: value }] : [];
  }));
  /** The API's messages about one cell (its index in the grid sent: cells.3.level, cells.3). */
  const cellError = (pupilId: string, itemId: string): string | undefined => {
    if (!(save.error instanceof ApiProblem)) return undefined;
    const index = sent.findIndex((c) => c.pupil_id === pupilId && c.item_id === itemId);
    if (index < 0) return undefined;
    const errors = save.error.problem.errors ?? {};
    const messages = Object.entries(errors).filter(([field]) => field === `cells.${index}` || field.startsWith(`cells.${index}.`));
    return messages.length ? messages.flatMap(([, m]) => m).join(" ") : undefined;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLSelectElement>, r: number, c: number) => {
    if (move(event, r, c) || event.ctrlKey || event.altKey || event.metaKey) return;
    const shortcut = SHORTCUTS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (shortcut !== undefined) {
      event.preventDefault();
      setLevel(pupils[r].id, items[c].id, shortcut);
    }
  };

  const submit = () => {
    setSent(cells);
    // the grid is read again before this runs (usePositionGrid): the saved levels take the edits' place
    const sentKeys = new Set(cells.map((c) => key(c.pupil_id, c.item_id)));
    save.mutate({ date, cells }, {
      onSuccess: () => setEdits((all) => Object.fromEntries(Object.entries(all).filter(([k]) => !sentKeys.has(k)))),
    });
  };

  if (pupils.length === 0) {
    return (
      <>
        <PageHeading>Positionner {name}</PageHeading>
        <p>Ajoutez d’abord des élèves à <Link to={`/classes/${classId}`}>la classe</Link>.</p>
      </>
    );
  }
  return (
    <>
      <PageHeading>Positionner {name}</PageHeading>
      <p>Choisissez une compétence : chaque élève est positionné sur ses items, à la date indiquée. Seules les cases que vous modifiez sont enregistrées.</p>
      <p className="fr-text--sm">La grille s’ouvre avec le dernier niveau enregistré de chaque élève sur chaque item, et sa date. Une case modifiée ajoute un positionnement à la date indiquée (le même jour, elle remplace celui de ce jour) ; une case vidée n’efface pas le positionnement enregistré. L’historique se lit sur le <Link to={`/classes/${classId}/profil`}>profil de la classe</Link> et la page de chaque élève.</p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Domaine" nativeSelectProps={{ value: domain?.id ?? "", onChange: (e) => { setDomainId(e.target.value); setCompetenceId(""); } }}>
            {domains.map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Compétence" nativeSelectProps={{ value: competence?.id ?? "", onChange: (e) => setCompetenceId(e.target.value) }}>
            {domain?.competences.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
          </Select>
        </div>
      </div>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div className="fr-grid-row">
          <div className="fr-col-12 fr-col-md-6">
            <Input label="Date du positionnement" hintText="Dans l’année scolaire de la classe, pas dans le futur."
              nativeInputProps={{ type: "date", required: true, max: today(), value: date, onChange: (e) => setDate(e.target.value) }}
              {...fieldState(save.error, "date")} />
          </div>
        </div>
        <p id="aide-grille" className="fr-text--sm">
          Au clavier : les flèches passent d’une case à l’autre ; N, P, A, D (ou 1 à 4) choisissent Non atteint,
          Partiellement atteint, Atteint, Dépassé ; Suppr vide la case ; Espace ouvre la liste.
        </p>
        <p role="status" className="fr-text--sm">{grid.isFetching ? "Chargement des niveaux déjà enregistrés…" : ""}</p>
        <ProblemAlert error={grid.error} />
        <div className="fr-table fr-table--bordered classe12-grid">
          <table aria-describedby="aide-grille" aria-busy={grid.isFetching || undefined}>
            <caption>Grille de positionnement : {competence?.label}</caption>
            <thead>
              <tr>
                <th scope="col">Élève</th>
                {items.map((item) => <th key={item.id} scope="col" id={`item-${item.id}`}>{item.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {pupils.map((pupil, r) => (
                <tr key={pupil.id}>
                  <th scope="row">{pupil.alias}</th>
                  {items.map((item, c) => {
                    const error = cellError(pupil.id, item.id);
                    const controlId = `niveau-${pupil.id}-${item.id}`;
                    const before = saved[key(pupil.id, item.id)];
                    const described = [before && `${controlId}-date`, error && `${controlId}-erreur`].filter(Boolean).join(" ");
                    return (
                      <td key={item.id}>
                        <div className={`fr-select-group${error ? " fr-select-group--error" : ""}`}>
                          <label className="fr-label fr-sr-only" htmlFor={controlId}>Niveau de {pupil.alias} : {item.label}</label>
                          <select id={controlId} className={`fr-select${error ? " fr-select--error" : ""}`}
                            value={valueOf(pupil.id, item.id)}
                            onChange={(e) => setLevel(pupil.id, item.id, e.target.value as Level | "")}
                            onKeyDown={(e) => onKeyDown(e, r, c)}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={described || undefined}
                            {...cellProps(r, c)}>
                            <option value="">Sans niveau</option>
                            {scale.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
                          </select>
                          {before && (
                            <p id={`${controlId}-date`} className="fr-hint-text fr-mt-1v fr-mb-0">
                              {changed(pupil.id, item.id)
                                ? `Modifié (enregistré : ${LEVEL_LABELS[before.level]}, le ${formatDate(before.date)})`
                                : `Positionné le ${formatDate(before.date)}`}
                            </p>
                          )}
                          {error && <p id={`${controlId}-erreur`} className="fr-error-text">{error}</p>}
                        </div>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {/* never `disabled`: the keyboard's focus stays on the button once the grid is saved */}
        <Button type="submit" {...busy(save.isPending || cells.length === 0)} nativeButtonProps={{ "aria-describedby": "grid-changes" }}>
          Enregistrer la grille
        </Button>
        <p id="grid-changes" className="fr-hint-text fr-mt-1w">
          {cells.length === 0
            ? "Choisissez ou modifiez au moins un niveau pour enregistrer."
            : `${cells.length} case${cells.length > 1 ? "s" : ""} modifiée${cells.length > 1 ? "s" : ""} à enregistrer.`}
        </p>
      </form>
      <div role="status" className="fr-mt-3w">
        {save.isSuccess && (
          <Alert severity="success" role={undefined} title="Grille enregistrée"
            description={`${save.data.cells} positionnement${save.data.cells > 1 ? "s" : ""} au ${formatDate(save.data.date)}`
              + (save.data.unchanged ? ` (dont ${save.data.unchanged} déjà enregistré${save.data.unchanged > 1 ? "s" : ""} à l’identique).` : ".")} />
        )}
      </div>
      <ProblemAlert error={save.error} />
      {save.isSuccess && <p className="fr-mt-2w"><Link to={`/classes/${classId}/profil`}>Voir le profil de la classe</Link></p>}
    </>
  );
}

/** pupil|item -> the latest level and its date, for the cells positioned before. */
function savedCells(grid: SavedGrid | undefined): Record<string, { level: Level; date: string }> {
  const cells: Record<string, { level: Level; date: string }> = {};
  for (const pupil of grid?.pupils ?? []) {
    for (const cell of pupil.cells) {
      if (cell.level && cell.date) cells[key(pupil.pupil_id, cell.item_id)] = { level: cell.level, date: cell.date };
    }
  }
  return cells;
}
