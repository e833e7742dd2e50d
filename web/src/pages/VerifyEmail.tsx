import { Link } from "react-router";
import { useConfirmEmail } from "../api/hooks/account";
import { TokenConfirmation } from "../components/TokenConfirmation";

export default function VerifyEmail() {
  return (
    <TokenConfirmation
      title="Vérifier mon adresse e-mail"
      intro="Confirmez que cette adresse est bien la vôtre : vous pourrez ensuite publier, répondre et noter."
      action="Confirmer mon adresse"
      done={<>Votre adresse est vérifiée. <Link to="/catalogue">Voir le catalogue</Link></>}
      mutation={useConfirmEmail()}
    />
  );
}
