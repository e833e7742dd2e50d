/** The family's observations from home: the list (newest first) and a form to add one, which the
 * class's teachers then see next to their own observations. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { useAddObservation, type ChildProgress, type Observation } from "../../api/hooks/children";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { formatDay, today } from "./progress";
import { busy } from "../../components/busy";

const NOTE_MAX = 500;

export function Observations({ child }: { child: ChildProgress }) {
  const newestFirst = [...child.observations].sort((a, b) => b.date.localeCompare(a.date) || b.at.localeCompare(a.at));
  return (
    <section aria-labelledby="observations">
      <h2 id="observations">Nos observations à la maison</h2>
      <p>
        Ce que vous remarquez à la maison aide l’enseignant ou l’enseignante à mieux connaître {child.alias}.
        Vos observations sont lues par les enseignants de la classe, et par personne d’autre.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <h3 className="fr-h5">Déjà notées</h3>
          {newestFirst.length === 0 ? (
            <p>Aucune observation pour l’instant.</p>
          ) : (
            <ul className="fr-raw-list">
              {newestFirst.map((observation) => <ObservationItem key={observation.id} observation={observation} />)}
            </ul>
          )}
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <AddObservation child={child} />
        </div>
      </div>
    </section>
  );
}

function ObservationItem({ observation }: { observation: Observation }) {
  return (
    <li className="fr-mb-3w">
      <p className="fr-text--sm fr-mb-0">Le {formatDay(observation.date)}</p>
      {observation.home_item_label && <p className="fr-mb-0"><strong>{observation.home_item_label}</strong></p>}
      {observation.note && <p className="fr-mb-0">« {observation.note} »</p>}
    </li>
  );
}

type Form = { date: string; home_item_id: string; note: string };

function AddObservation({ child }: { child: ChildProgress }) {
  const [form, setForm] = useState<Form>({ date: today(), home_item_id: "", note: "" });
  const add = useAddObservation(child.link_id);
  const set = (name: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const submit = () => add.mutate(
    { date: form.date, home_item_id: form.home_item_id || null, note: form.note.trim() || null },
    { onSuccess: () => setForm({ ...form, home_item_id: "", note: "" }) },
  );
  return (
    <>
      <h3 className="fr-h5">Ajouter une observation</h3>
      <p className="fr-hint-text">Choisissez ce que vous avez remarqué dans la liste, écrivez une note, ou les deux.</p>
      <div role="status">
        {add.isSuccess && (
          <Alert className="fr-mb-3w" severity="success" small role={undefined}
            description={`Merci ! Votre observation du ${formatDay(add.data.date)} est enregistrée.`} />
        )}
      </div>
      <ProblemAlert error={add.error} />
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Input label="Date" hintText="Le jour où vous l’avez remarqué."
          nativeInputProps={{ type: "date", required: true, max: today(), value: form.date, onChange: set("date") }}
          {...fieldState(add.error, "date")} />
        <Select label="Ce que vous avez remarqué" hint="Facultatif si vous écrivez une note."
          nativeSelectProps={{ value: form.home_item_id, onChange: set("home_item_id") }}
          {...fieldState(add.error, "home_item_id")}>
          <option value="">Rien dans cette liste</option>
          {child.home_items.map((item) => <option key={item.id} value={item.id}>{item.label}</option>)}
        </Select>
        <Input label="Une note, avec vos mots" textArea
          hintText={`Facultatif si vous avez choisi dans la liste ; ${NOTE_MAX} caractères au plus.`}
          nativeTextAreaProps={{ value: form.note, onChange: set("note"), maxLength: NOTE_MAX, rows: 4 }}
          {...fieldState(add.error, "note")} />
        <Button type="submit" {...busy(add.isPending)}>Ajouter l’observation</Button>
      </form>
    </>
  );
}
