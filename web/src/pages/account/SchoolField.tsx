import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useState } from "react";
import { useSchools, type School } from "../../api/hooks/account";
import { fieldState } from "../../components/ProblemAlert";

const NETWORKS: Record<string, string> = { rep: "REP", "rep+": "REP+" };

export const schoolName = (school: School) =>
  `${school.name}, ${school.commune} (${school.uai}${school.network ? `, ${NETWORKS[school.network] ?? school.network}` : ""})`;

/** My school: the one chosen, and a search of the directory by name to choose another. */
export function SchoolField({ school, onChange, error }: { school: School | null; onChange: (school: School | null) => void; error: unknown }) {
  const [name, setName] = useState("");
  const found = useSchools(name);
  const items = found.data?.items ?? [];
  const searching = name.trim().length >= 2;
  return (
    <fieldset className="fr-fieldset" aria-labelledby="ecole-legende">
      <legend id="ecole-legende" className="fr-fieldset__legend">Mon école</legend>
      <div className="fr-fieldset__element">
        <p className="fr-mb-1w">{school ? <>École choisie : {schoolName(school)}</> : "Aucune école choisie."}</p>
        {school && <Button type="button" priority="tertiary" size="small" onClick={() => onChange(null)}>Retirer mon école</Button>}
        {fieldState(error, "school_uai").stateRelatedMessage && (
          <p className="fr-error-text" role="alert">{fieldState(error, "school_uai").stateRelatedMessage}</p>
        )}
      </div>
      <div className="fr-fieldset__element">
        <Input label="Chercher une école de l'annuaire" hintText="Deux lettres de son nom au moins, par exemple « Jaurès »."
          nativeInputProps={{ type: "search", value: name, onChange: (e) => setName(e.target.value) }} />
        <p role="status" className="fr-hint-text">
          {searching && found.isSuccess ? (items.length ? `${items.length} école${items.length > 1 ? "s" : ""} trouvée${items.length > 1 ? "s" : ""}.` : "Aucune école de ce nom.") : ""}
        </p>
        {searching && items.length > 0 && (
          <RadioButtons legend="Écoles trouvées" options={items.map((item) => ({
            label: schoolName(item),
            nativeInputProps: { value: item.uai, checked: school?.uai === item.uai, onChange: () => onChange(item) },
          }))} />
        )}
      </div>
    </fieldset>
  );
}
