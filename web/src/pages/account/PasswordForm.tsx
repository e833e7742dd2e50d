import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { useChangePassword } from "../../api/hooks/account";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { busy } from "../../components/busy";

/** A new password (the current one required); the member's other sessions are closed. */
export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useChangePassword();
  const submit = () => change.mutate({ current_password: current, password: next }, { onSuccess: () => { setCurrent(""); setNext(""); } });
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <p className="fr-hint-text">Vos sessions sur les autres appareils seront fermées ; celle-ci reste ouverte.</p>
      <ProblemAlert error={change.error} />
      <Input label="Mot de passe actuel" nativeInputProps={{ type: "password", autoComplete: "current-password", required: true, value: current, onChange: (e) => setCurrent(e.target.value) }}
        {...fieldState(change.error, "current_password")} />
      <Input label="Nouveau mot de passe" hintText="12 caractères au moins ; évitez un mot de passe courant ou votre adresse."
        nativeInputProps={{ type: "password", autoComplete: "new-password", required: true, minLength: 12, value: next, onChange: (e) => setNext(e.target.value) }}
        {...fieldState(change.error, "password")} />
      <Button type="submit" priority="secondary" {...busy(change.isPending)}>Changer de mot de passe</Button>
      <p role="status" className="fr-mt-2w">{change.isSuccess ? "Votre mot de passe est changé. Vos autres sessions sont fermées." : ""}</p>
    </form>
  );
}
