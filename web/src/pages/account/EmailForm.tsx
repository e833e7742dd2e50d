import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { useChangeEmail } from "../../api/hooks/account";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { busy } from "../../components/busy";

/** A new address: nothing changes until the link sent to it is followed. */
export function EmailForm({ current }: { current: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const change = useChangeEmail();
  return (
    <form onSubmit={(e) => { e.preventDefault(); change.mutate({ email, password }, { onSuccess: () => setPassword("") }); }}>
      <p>Adresse actuelle : <strong>{current}</strong></p>
      <p className="fr-hint-text">
        Un lien de confirmation part à la nouvelle adresse. Votre adresse ne change qu'une fois ce lien suivi ;
        d'ici là, continuez de vous connecter avec l'actuelle, qui sera prévenue du changement.
      </p>
      <ProblemAlert error={change.error} />
      <Input label="Nouvelle adresse e-mail" nativeInputProps={{ type: "email", autoComplete: "email", required: true, value: email, onChange: (e) => setEmail(e.target.value) }}
        {...fieldState(change.error, "email")} />
      <Input label="Votre mot de passe" hintText="Pour confirmer que c'est bien vous."
        nativeInputProps={{ type: "password", autoComplete: "current-password", required: true, value: password, onChange: (e) => setPassword(e.target.value) }}
        {...fieldState(change.error, "password")} />
      <Button type="submit" priority="secondary" {...busy(change.isPending)}>Changer d'adresse</Button>
      <div role="status">
        {change.isSuccess && (
          <Alert className="fr-mt-2w" severity="success" small
            description={`Un lien de confirmation vient de partir à ${change.variables.email}. Suivez-le pour que cette adresse devienne la vôtre.`} />
        )}
      </div>
    </form>
  );
}
