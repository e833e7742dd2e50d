import { Link } from "react-router";
import { useConfirmEmailChange } from "../api/hooks/account";
import { TokenConfirmation } from "../components/TokenConfirmation";

export default function ConfirmEmail() {
  return (
    <TokenConfirmation
      title="Confirmer ma nouvelle adresse e-mail"
      intro="Confirmez le changement d'adresse de votre compte : les e-mails arriveront ensuite à cette adresse."
      action="Confirmer la nouvelle adresse"
      done={<>Votre nouvelle adresse est enregistrée. <Link to="/compte/connexion">Se connecter</Link></>}
      mutation={useConfirmEmailChange()}
    />
  );
}
