import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { useUpdateProfile, type MyProfile, type School } from "../../api/hooks/account";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { SchoolField } from "./SchoolField";
import { busy } from "../../components/busy";

type Level = MyProfile["levels"][number];
type Visibility = MyProfile["visibility"]["bio"];

const LEVELS: Level[] = ["CP", "CE1", "CE2"];
const VISIBILITIES: Record<Visibility, string> = {
  members: "Tous les membres", groups: "Les membres de mes groupes", nobody: "Personne",
};
const SHOWN: { field: "levels" | "school" | "bio"; label: string }[] = [
  { field: "levels", label: "Qui voit mes niveaux" },
  { field: "school", label: "Qui voit mon école" },
  { field: "bio", label: "Qui voit ma présentation" },
];

/** My profile: display name, levels, school, a few words, who sees them. */
export function ProfileForm({ profile }: { profile: MyProfile }) {
  const [displayName, setDisplayName] = useState(profile.display_name);
  const [levels, setLevels] = useState<Level[]>(profile.levels);
  const [school, setSchool] = useState<School | null>(profile.school);
  const [bio, setBio] = useState(profile.bio);
  const [visibility, setVisibility] = useState(profile.visibility);
  const update = useUpdateProfile();
  const toggle = (level: Level) => setLevels(levels.includes(level) ? levels.filter((l) => l !== level) : [...levels, level]);
  const submit = () => update.mutate({
    display_name: displayName, levels, school_uai: school?.uai ?? null, bio,
    visibility: { levels: visibility.levels, school: visibility.school, bio: visibility.bio },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <ProblemAlert error={update.error} />
      <Input label="Nom affiché" hintText="Ce que les autres membres voient, par exemple « Mme Martin »."
        nativeInputProps={{ autoComplete: "name", required: true, value: displayName, onChange: (e) => setDisplayName(e.target.value) }}
        {...fieldState(update.error, "display_name")} />
      <Checkbox legend="Niveaux où j'enseigne" orientation="horizontal" {...fieldState(update.error, "levels")}
        options={LEVELS.map((level) => ({ label: level, nativeInputProps: { value: level, checked: levels.includes(level), onChange: () => toggle(level) } }))} />
      <SchoolField school={school} onChange={setSchool} error={update.error} />
      <Input label="Présentation" hintText="Quelques mots sur vous et votre classe, en texte simple." textArea
        nativeTextAreaProps={{ rows: 4, value: bio, onChange: (e) => setBio(e.target.value) }} {...fieldState(update.error, "bio")} />
      {SHOWN.map(({ field, label }) => (
        <Select key={field} label={label} nativeSelectProps={{ value: visibility[field], onChange: (e) => setVisibility({ ...visibility, [field]: e.target.value as Visibility }) }}>
          {Object.entries(VISIBILITIES).map(([code, text]) => <option key={code} value={code}>{text}</option>)}
        </Select>
      ))}
      <Button type="submit" {...busy(update.isPending)}>Enregistrer mon profil</Button>
      <p role="status" className="fr-mt-2w">{update.isSuccess ? "Votre profil est enregistré." : ""}</p>
    </form>
  );
}
