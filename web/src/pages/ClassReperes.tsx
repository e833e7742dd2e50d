/** The repères of a period: a score per pupil and exercise (0 to the exercise's maximum, checked
 * here as the API does, then by the API), and the class profile it gives: pupils per group. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { useParams } from "react-router";
import { ApiProblem } from "../api/client";
import { useClass, useFramework, useRecordReperes, useReperes, type Klass, type Period, type ReperesProfile, type Score } from "../api/hooks/classes";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { GROUP_LABELS } from "./classes/levels";
import { busy } from "../components/busy";

export default function ClassReperes() {
  const { id = "" } = useParams();
  const klass = useClass(id);
  const framework = useFramework();
  const periods = framework.data?.reperes.periods.filter((p) => p.level === klass.data?.level) ?? [];
  const [chosen, setChosen] = useState<Period | "">("");
  const period = chosen || periods[0]?.id || "";
  const profile = useReperes(id, period);
  usePageTitle(klass.data ? `Repères de ${klass.data.name}` : undefined);
  if (klass.isPending || framework.isPending) return <Loading />;
  if (!klass.data || !framework.data) return <ProblemAlert error={klass.error ?? framework.error} />;
  const groups = Object.fromEntries(framework.data.reperes.groups.map((g) => [g.id, g.label]));
  return (
    <>
      <PageHeading>Repères de {klass.data.name}</PageHeading>
      <p className="fr-text--lead">Les scores des évaluations repères, puis les groupes de besoins de la classe à chaque exercice.</p>
      <Select label="Période" nativeSelectProps={{ value: period, onChange: (e) => setChosen(e.target.value as Period) }}>
        {periods.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
      </Select>
      {profile.isPending ? <Loading /> : !profile.data ? <ProblemAlert error={profile.error} /> : (
        <>
          <ScoresForm key={period} klass={klass.data} period={period as Period} profile={profile.data} />
          <Profile profile={profile.data} groups={groups} />
        </>
      )}
    </>
  );
}

const key = (pupilId: string, exerciseId: string) => `${pupilId}|${exerciseId}`;

function ScoresForm({ klass, period, profile }: { klass: Klass; period: Period; profile: ReperesProfile }) {
  const record = useRecordReperes(klass.id, period);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(
    profile.exercises.flatMap((e) => e.pupils.map((p) => [key(p.pupil_id, e.id), String(p.score)]))));
  const [sent, setSent] = useState<Score[]>([]);
  const [checked, setChecked] = useState(false);
  const max = Object.fromEntries(profile.exercises.map((e) => [e.id, e.max_score]));

  /** Like the API: a whole number from 0 to the exercise's largest score; blank means not entered. */
  const localError = (pupilId: string, exerciseId: string): string | undefined => {
    const text = (values[key(pupilId, exerciseId)] ?? "").trim();
    if (text === "") return undefined;
    const score = Number(text);
    return Number.isInteger(score) && score >= 0 && score <= max[exerciseId]
      ? undefined : `Le score doit être un nombre entier compris entre 0 et ${max[exerciseId]}.`;
  };
  const apiError = (pupilId: string, exerciseId: string): string | undefined => {
    if (!(record.error instanceof ApiProblem)) return undefined;
    const index = sent.findIndex((s) => s.pupil_id === pupilId && s.exercise_id === exerciseId);
    if (index < 0) return undefined;
    const found = Object.entries(record.error.problem.errors ?? {})
      .filter(([field]) => field === `scores.${index}` || field.startsWith(`scores.${index}.`));
    return found.length ? found.flatMap(([, m]) => m).join(" ") : undefined;
  };
  const errorOf = (pupilId: string, exerciseId: string) => (checked ? localError(pupilId, exerciseId) : undefined) ?? apiError(pupilId, exerciseId);
  const invalid = klass.pupils.some((p) => profile.exercises.some((e) => localError(p.id, e.id)));

  const submit = () => {
    setChecked(true);
    if (invalid) return;
    const scores: Score[] = klass.pupils.flatMap((p) => profile.exercises.flatMap((e) => {
      const text = (values[key(p.id, e.id)] ?? "").trim();
      return text === "" ? [] : [{ pupil_id: p.id, exercise_id: e.id, score: Number(text) }];
    }));
    setSent(scores);
    record.mutate(scores);
  };

  if (klass.pupils.length === 0) return <p>Ajoutez d’abord des élèves à la classe.</p>;
  return (
    <form className="fr-mt-3w" noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h2>Saisir les scores : {profile.period_label}</h2>
      <p className="fr-text--sm">Une case vide n’est pas enregistrée ; une nouvelle saisie complète les précédentes.</p>
      <div className="fr-table fr-table--bordered">
        <table>
          <caption>Scores de la période {profile.period_label}</caption>
          <thead>
            <tr>
              <th scope="col">Élève</th>
              {profile.exercises.map((e) => <th key={e.id} scope="col">{e.label} <span className="fr-text--xs">(sur {e.max_score})</span></th>)}
            </tr>
          </thead>
          <tbody>
            {klass.pupils.map((pupil) => (
              <tr key={pupil.id}>
                <th scope="row">{pupil.alias}</th>
                {profile.exercises.map((e) => {
                  const error = errorOf(pupil.id, e.id);
                  const id = `score-${pupil.id}-${e.id}`;
                  return (
                    <td key={e.id}>
                      <div className={`fr-input-group${error ? " fr-input-group--error" : ""}`}>
                        <label className="fr-label fr-sr-only" htmlFor={id}>Score de {pupil.alias} : {e.label} (sur {e.max_score})</label>
                        <input id={id} className={`fr-input${error ? " fr-input--error" : ""}`} inputMode="numeric" size={3}
                          value={values[key(pupil.id, e.id)] ?? ""} onChange={(ev) => setValues({ ...values, [key(pupil.id, e.id)]: ev.target.value })}
                          aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-erreur` : undefined} />
                        {error && <p id={`${id}-erreur`} className="fr-error-text">{error}</p>}
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button type="submit" {...busy(record.isPending)}>Enregistrer les scores</Button>
      {checked && invalid && <Alert className="fr-mt-2w" severity="error" title="Scores non enregistrés" small
        description="Corrigez les cases signalées : chaque score est un nombre entier entre 0 et le maximum de l’exercice." role="alert" />}
      <div role="status">
        {record.isSuccess && <Alert className="fr-mt-2w" severity="success" role={undefined} small description={`Scores enregistrés (${sent.length}). Le profil ci-dessous est à jour.`} />}
      </div>
      <ProblemAlert error={record.error} />
    </form>
  );
}

function Profile({ profile, groups }: { profile: ReperesProfile; groups: Record<string, string> }) {
  const label = (id: string) => groups[id] ?? GROUP_LABELS[id] ?? id;
  return (
    <section aria-labelledby="profil-reperes" className="fr-mt-4w">
      <h2 id="profil-reperes">Profil de la classe : {profile.period_label}</h2>
      <p className="fr-text--sm">Les seuils situent chaque score ; ils indiquent leur source (« valeurs de démonstration » tant qu’aucune source publiée n’existe).</p>
      <DataTable
        caption={`Élèves par groupe et par exercice (${profile.pupils_count} élèves dans la classe)`}
        headers={["Exercice", "Seuils", label("besoin"), label("fragile"), label("satisfaisant"), "Élèves évalués", "Source des seuils"]}
        rows={profile.exercises.map((e) => ({
          key: e.id,
          header: e.label,
          cells: [`${e.thresholds.join(" et ")} sur ${e.max_score}`, e.counts.besoin, e.counts.fragile, e.counts.satisfaisant, e.scored, e.source_label],
        }))}
      />
    </section>
  );
}
