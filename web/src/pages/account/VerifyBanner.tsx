import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useResendVerification } from "../../api/hooks/account";
import { ProblemAlert } from "../../components/ProblemAlert";
import { busy } from "../../components/busy";

/** An address not confirmed yet: what it prevents, and the link sent again. */
export function VerifyBanner({ email }: { email: string }) {
  const resend = useResendVerification();
  return (
    <div className="fr-mb-4w">
      <Alert severity="warning" title="Adresse e-mail à confirmer"
        description={`Suivez le lien envoyé à ${email} pour publier des ressources et participer aux discussions.`} />
      <Button className="fr-mt-1w" type="button" priority="secondary" size="small" {...busy(resend.isPending)} onClick={() => resend.mutate()}>
        Renvoyer le lien
      </Button>
      <p role="status" className="fr-mt-1w">{resend.isSuccess ? `Un nouveau lien vient de partir à ${email}.` : ""}</p>
      <ProblemAlert error={resend.error} />
    </div>
  );
}
