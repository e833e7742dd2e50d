import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link } from "react-router";
import { useRegister, type Registration } from "../api/hooks/account";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { ROLES } from "../labels";
import { busy } from "../components/busy";

export default function SignUp() {
  const [form, setForm] = useState<Registration>({ email: "", password: "", display_name: "", role: "teacher" });
  const register = useRegister();
  const set = (name: keyof Registration) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  if (register.isSuccess) {
    return (
      <>
        <PageHeading>Créer un compte</PageHeading>
        <Alert severity="success" title="Demande enregistrée"
          description={<>Si cette adresse n'avait pas encore de compte, il est créé et un lien pour vérifier l'adresse vient de vous être envoyé. Vous pouvez déjà <Link to="/compte/connexion">vous connecter</Link>.</>} />
      </>
    );
  }
  return (
    <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
      <PageHeading>Créer un compte</PageHeading>
      <p className="fr-hint-text">Tous les champs sont obligatoires.</p>
      <ProblemAlert error={register.error} />
      <form onSubmit={(e) => { e.preventDefault(); register.mutate(form); }}>
        <Input label="Nom affiché" hintText="Ce que les autres membres voient, par exemple « Mme Martin »." nativeInputProps={{ autoComplete: "name", required: true, value: form.display_name, onChange: set("display_name") }} {...fieldState(register.error, "display_name")} />
        <Input label="Adresse e-mail" nativeInputProps={{ type: "email", autoComplete: "email", required: true, value: form.email, onChange: set("email") }} {...fieldState(register.error, "email")} />
        <Input label="Mot de passe" hintText="12 caractères au moins ; évitez un mot de passe courant ou votre adresse." nativeInputProps={{ type: "password", autoComplete: "new-password", required: true, minLength: 12, value: form.password, onChange: set("password") }} {...fieldState(register.error, "password")} />
        <Select label="Vous êtes" nativeSelectProps={{ value: form.role, onChange: set("role"), required: true }} {...fieldState(register.error, "role")}>
          {Object.entries(ROLES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </Select>
        <Button type="submit" {...busy(register.isPending)}>Créer mon compte</Button>
      </form>
      <p className="fr-mt-4w">Déjà un compte ? <Link to="/compte/connexion">Se connecter</Link></p>
    </div>
  );
}
