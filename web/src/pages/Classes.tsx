/** "Mes classes": the teacher's classes, a new class, joining a colleague's class with a code. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useClasses, useCreateClass, useJoinClass, type NewClass } from "../api/hooks/classes";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { currentSchoolYear } from "./classes/levels";
import { busy } from "../components/busy";

export default function Classes() {
  const { data, error, isPending } = useClasses();
  return (
    <>
      <PageHeading>Mes classes</PageHeading>
      <p className="fr-text--lead">Vos classes de l’année, leurs élèves (prénoms ou pseudonymes) et leurs positionnements.</p>
      {isPending ? <Loading /> : <ProblemAlert error={error} />}
      {data && (data.items.length === 0 ? <p>Vous n’avez pas encore de classe.</p> : (
        <DataTable
          caption="Mes classes"
          headers={["Classe", "Niveau", "Année scolaire", "Élèves"]}
          rows={data.items.map((klass) => ({
            key: klass.id,
            header: <Link to={`/classes/${klass.id}`}>{klass.name}</Link>,
            cells: [klass.level, klass.school_year.replace("-", "–"), klass.pupils_count],
          }))}
        />
      ))}
      <div className="fr-grid-row fr-grid-row--gutters fr-mt-4w">
        <div className="fr-col-12 fr-col-md-6"><CreateClass /></div>
        <div className="fr-col-12 fr-col-md-6"><JoinClass /></div>
      </div>
    </>
  );
}

function CreateClass() {
  const create = useCreateClass();
  const navigate = useNavigate();
  const [form, setForm] = useState<NewClass>({ name: "", level: "CP", school_year: currentSchoolYear() });
  const set = (key: keyof NewClass) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  return (
    <section aria-labelledby="creer-classe">
      <h2 id="creer-classe">Créer une classe</h2>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(form, { onSuccess: (klass) => navigate(`/classes/${klass.id}`) }); }}>
        <Input label="Nom de la classe" hintText="Par exemple « CP Les Tournesols »."
          nativeInputProps={{ required: true, maxLength: 80, value: form.name, onChange: set("name") }} {...fieldState(create.error, "name")} />
        <Select label="Niveau" nativeSelectProps={{ value: form.level, onChange: set("level"), required: true }} {...fieldState(create.error, "level")}>
          <option value="CP">CP</option>
          <option value="CE1">CE1</option>
        </Select>
        <Input label="Année scolaire" hintText="Deux années qui se suivent, par exemple 2026-2027."
          nativeInputProps={{ required: true, pattern: "\\d{4}-\\d{4}", value: form.school_year, onChange: set("school_year") }}
          {...fieldState(create.error, "school_year")} />
        <Button type="submit" {...busy(create.isPending)}>Créer la classe</Button>
        <ProblemAlert error={create.error} />
      </form>
    </section>
  );
}

function JoinClass() {
  const join = useJoinClass();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  return (
    <section aria-labelledby="rejoindre-classe">
      <h2 id="rejoindre-classe">Rejoindre une classe en co-intervention</h2>
      <form onSubmit={(e) => { e.preventDefault(); join.mutate(code.trim(), { onSuccess: (klass) => navigate(`/classes/${klass.id}`) }); }}>
        <Input label="Code d’invitation" hintText="Le code donné par l’enseignant ou l’enseignante de la classe, par exemple ABCD-EFGH-JKLM."
          nativeInputProps={{ required: true, autoComplete: "off", value: code, onChange: (e) => setCode(e.target.value) }}
          {...fieldState(join.error, "code")} />
        <Button type="submit" priority="secondary" {...busy(join.isPending)}>Rejoindre la classe</Button>
        <ProblemAlert error={join.error} />
      </form>
    </section>
  );
}
