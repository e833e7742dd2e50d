/** An error of a community write: the API's French message, and for a member whose address is not
 * verified (403 email_unverified) a way to receive the verification e-mail again. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Link } from "react-router";
import { ApiProblem } from "../../api/client";
import { useResendVerification } from "../../api/hooks/account";
import { ProblemAlert } from "../ProblemAlert";
import { busy } from "../busy";

export function PublishProblem({ error }: { error: unknown }) {
  if (!(error instanceof ApiProblem) || error.problem.code !== "email_unverified") return <ProblemAlert error={error} />;
  return (
    <Alert className="fr-my-3w" severity="warning" title={error.problem.title} role="alert"
      description={<UnverifiedHelp detail={error.problem.detail} />} />
  );
}

function UnverifiedHelp({ detail }: { detail: string }) {
  const resend = useResendVerification();
  return (
    <>
      <span className="fr-mb-1w" style={{ display: "block" }}>{detail}</span>
      <span style={{ display: "block" }}>
        Suivez le lien de l’e-mail de vérification (<Link to="/compte/verifier-adresse">ce que fait la vérification</Link>).
      </span>
      <Button type="button" className="fr-mt-1w" priority="secondary" size="small" disabled={resend.isSuccess} {...busy(resend.isPending)}
        onClick={() => resend.mutate()}>
        Renvoyer l’e-mail de vérification
      </Button>
      <span role="status" style={{ display: "block" }}>{resend.isSuccess ? "E-mail de vérification envoyé : consultez votre messagerie." : ""}</span>
      {resend.error instanceof ApiProblem && <span style={{ display: "block" }}>{resend.error.problem.detail}</span>}
    </>
  );
}
