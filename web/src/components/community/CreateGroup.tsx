import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useCreateGroup, type GroupAccess } from "../../api/hooks/community";
import { fieldState } from "../ProblemAlert";
import { PublishProblem } from "./PublishProblem";
import { busy } from "../busy";

const ACCESS_CHOICES: { value: GroupAccess; label: string; hint: string }[] = [
  { value: "open", label: "Ouvert", hint: "Tout membre peut rejoindre le groupe." },
  { value: "on_request", label: "Sur demande", hint: "Vous acceptez ou refusez chaque demande." },
  { value: "private", label: "Privé", hint: "Sur invitation seulement ; le groupe n'apparaît pas dans les suggestions." },
];

/** A new national group: its creator becomes its owner. */
export function CreateGroup() {
  const create = useCreateGroup();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [access, setAccess] = useState<GroupAccess>("open");
  return (
    <section aria-labelledby="creer-groupe" className="fr-mt-6w">
      <h2 id="creer-groupe">Créer un groupe</h2>
      <p>Un groupe national réunit des collègues de toute la France autour d'un sujet. Vous en serez propriétaire.</p>
      <form onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, description, access }, { onSuccess: (group) => navigate(`/communaute/groupes/${group.id}`) });
      }}>
        <Input label="Nom du groupe" nativeInputProps={{ value: name, required: true, maxLength: 120, onChange: (e) => setName(e.target.value) }}
          {...fieldState(create.error, "name")} />
        <Input label="Description (facultatif)" textArea
          nativeTextAreaProps={{ value: description, maxLength: 2000, onChange: (e) => setDescription(e.target.value) }}
          {...fieldState(create.error, "description")} />
        <RadioButtons
          legend="Qui peut rejoindre le groupe ?"
          options={ACCESS_CHOICES.map((choice) => ({
            label: choice.label,
            hintText: choice.hint,
            nativeInputProps: { value: choice.value, checked: access === choice.value, onChange: () => setAccess(choice.value) },
          }))}
          {...fieldState(create.error, "access")}
        />
        <Button type="submit" {...busy(create.isPending)}>Créer le groupe</Button>
        <PublishProblem error={create.error} />
      </form>
    </section>
  );
}
