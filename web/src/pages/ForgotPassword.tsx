import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { useRequestPasswordReset } from "../api/hooks/account";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";

export default function ForgotPassword() {
  const [email, setEmail] = useState("");
  const request = useRequestPasswordReset();
  return (
    <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
      <PageHeading>Mot de passe oublié</PageHeading>
      {request.isSuccess ? (
        <Alert severity="info" title="Vérifiez vos e-mails"
          description="Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe vient d'y être envoyé." />
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); request.mutate(email); }}>
          <ProblemAlert error={request.error} />
          <Input label="Adresse e-mail du compte" nativeInputProps={{ type: "email", autoComplete: "email", required: true, value: email, onChange: (e) => setEmail(e.target.value) }}
            {...fieldState(request.error, "email")} />
          <Button type="submit" {...busy(request.isPending)}>Recevoir un lien</Button>
        </form>
      )}
    </div>
  );
}
