import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useLogIn } from "../api/hooks/account";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";

export default function LogIn() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const logIn = useLogIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // back to the page that asked for a session (same site only), else the catalogue
  const back = params.get("retour");
  const next = back && back.startsWith("/") && !back.startsWith("//") ? back : "/catalogue";
  return (
    <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
      <PageHeading>Se connecter</PageHeading>
      <ProblemAlert error={logIn.error} />
      <form onSubmit={(e) => { e.preventDefault(); logIn.mutate({ email, password }, { onSuccess: () => navigate(next) }); }}>
        <Input label="Adresse e-mail" nativeInputProps={{ type: "email", autoComplete: "email", required: true, value: email, onChange: (e) => setEmail(e.target.value) }} {...fieldState(logIn.error, "email")} />
        <Input label="Mot de passe" nativeInputProps={{ type: "password", autoComplete: "current-password", required: true, value: password, onChange: (e) => setPassword(e.target.value) }} {...fieldState(logIn.error, "password")} />
        <p><Link to="/compte/mot-de-passe-oublie">Mot de passe oublié ?</Link></p>
        <Button type="submit" {...busy(logIn.isPending)}>Se connecter</Button>
      </form>
      <p className="fr-mt-4w">Pas encore de compte ? <Link to="/compte/inscription">Créer un compte</Link></p>
    </div>
  );
}
