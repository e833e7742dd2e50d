import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { Link } from "react-router";
import { useResetPassword } from "../api/hooks/account";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { MissingToken, useToken } from "../components/TokenConfirmation";
import { busy } from "../components/busy";

export default function NewPassword() {
  const token = useToken();
  const [password, setPassword] = useState("");
  const reset = useResetPassword();
  return (
    <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
      <PageHeading>Choisir un nouveau mot de passe</PageHeading>
      {!token ? <MissingToken /> : reset.isSuccess ? (
        <Alert severity="success" title="Mot de passe changé"
          description={<>Toutes vos sessions ont été fermées. <Link to="/compte/connexion">Se connecter</Link> avec le nouveau mot de passe.</>} />
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); reset.mutate({ token, password }); }}>
          <ProblemAlert error={reset.error} />
          <Input label="Nouveau mot de passe" hintText="12 caractères au moins ; évitez un mot de passe courant ou votre adresse."
            nativeInputProps={{ type: "password", autoComplete: "new-password", required: true, minLength: 12, value: password, onChange: (e) => setPassword(e.target.value) }}
            {...fieldState(reset.error, "password")} />
          <Button type="submit" {...busy(reset.isPending)}>Enregistrer le mot de passe</Button>
        </form>
      )}
    </div>
  );
}
