import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { usePreferences, useSavePreferences, type Preferences } from "../api/hooks/notifications";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { EMAIL_CHOICES } from "../labels";
import { busy } from "../components/busy";
import { DataTable } from "../components/DataTable";

type Row = Preferences["categories"][number];

/** Per category, where notifications go (in the app, by e-mail or in a digest, as a push), and
 * the quiet hours (Europe/Paris) during which nothing is sent. */
export default function NotificationPreferences() {
  const preferences = usePreferences();
  return (
    <>
      <PageHeading>Préférences de notification</PageHeading>
      <p>
        Choisissez, pour chaque sorte de notification, si elle s’affiche dans Classe à 12, si elle vous est envoyée
        par courriel (aussitôt ou regroupée dans un résumé) et si elle arrive sur <Link to="/compte/notifications-appareil">vos
        appareils abonnés</Link>. Ce que vous suivez se choisit dans <Link to="/compte/abonnements">vos abonnements</Link>.
      </p>
      {preferences.isPending && <Loading />}
      <ProblemAlert error={preferences.error} />
      {preferences.data && <PreferencesForm initial={preferences.data} />}
    </>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const save = useSavePreferences();
  const [rows, setRows] = useState<Row[]>(initial.categories);
  const [quiet, setQuiet] = useState(initial.quiet_hours !== null);
  const [start, setStart] = useState(initial.quiet_hours?.start ?? "21:00");
  const [end, setEnd] = useState(initial.quiet_hours?.end ?? "07:00");

  const change = (category: string, patch: Partial<Row>) => {
    save.reset();
    setRows((current) => current.map((row) => (row.category === category ? { ...row, ...patch } : row)));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      categories: rows.map(({ category, in_app, email, push }) => ({ category, in_app, email, push })),
      quiet_hours: quiet ? { start, end } : null,
    });
  };
  const quietError = fieldState(save.error, "quiet_hours");

  return (
    <form onSubmit={submit} noValidate>
      <DataTable caption="Où vous recevez chaque sorte de notification"
        headers={["Sorte de notification", "Dans Classe à 12", "Par courriel", "Sur mes appareils"]}
        rows={rows.map((row, index) => ({
          key: row.category,
          header: row.label,
          cells: [
            <CellCheckbox key="in-app" id={`in-app-${row.category}`} label={`Dans Classe à 12 : ${row.label}`}
              checked={row.in_app} onChange={(checked) => change(row.category, { in_app: checked })} />,
            <span key="email">
              <label className="fr-sr-only" htmlFor={`email-${row.category}`}>Par courriel : {row.label}</label>
              <select id={`email-${row.category}`} className="fr-select" value={row.email}
                aria-invalid={fieldState(save.error, `categories.${index}.email`).state === "error" || undefined}
                onChange={(e) => change(row.category, { email: e.target.value as Row["email"] })}>
                {Object.entries(EMAIL_CHOICES).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
              </select>
            </span>,
            <CellCheckbox key="push" id={`push-${row.category}`} label={`Sur mes appareils : ${row.label}`}
              checked={row.push === "on"} onChange={(checked) => change(row.category, { push: checked ? "on" : "off" })} />,
          ],
        }))} />

      <fieldset className="fr-fieldset fr-mt-4w" aria-labelledby="heures-calmes">
        <legend id="heures-calmes" className="fr-fieldset__legend">
          Heures calmes
          <span className="fr-hint-text">
            Heure de Paris. Pendant ces heures, les courriels immédiats et les notifications sur vos appareils attendent
            leur fin ; les notifications dans Classe à 12 ne sont pas retardées.
          </span>
        </legend>
        <div className="fr-fieldset__element">
          <Checkbox options={[{ label: "Activer des heures calmes",
            nativeInputProps: { checked: quiet, onChange: (e) => { save.reset(); setQuiet(e.target.checked); } } }]} />
        </div>
        {quiet && (
          <>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Input label="Début" nativeInputProps={{ type: "time", value: start, onChange: (e) => setStart(e.target.value) }}
                {...fieldState(save.error, "quiet_hours.start")} />
            </div>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Input label="Fin" nativeInputProps={{ type: "time", value: end, onChange: (e) => setEnd(e.target.value) }}
                {...(fieldState(save.error, "quiet_hours.end").state ? fieldState(save.error, "quiet_hours.end") : quietError)} />
            </div>
          </>
        )}
      </fieldset>

      <ProblemAlert error={save.error} />
      <Button type="submit" {...busy(save.isPending)}>Enregistrer mes préférences</Button>
      <div role="status" className="fr-mt-2w">
        {save.isSuccess && <Alert small severity="success" role={undefined} description="Vos préférences de notification sont enregistrées." />}
      </div>
    </form>
  );
}

function CellCheckbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="fr-checkbox-group">
      <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label className="fr-label" htmlFor={id}><span className="fr-sr-only">{label}</span></label>
    </div>
  );
}
