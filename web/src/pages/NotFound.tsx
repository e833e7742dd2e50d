import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";

export default function NotFound() {
  return (
    <>
      <PageHeading>Page introuvable</PageHeading>
      <p>L'adresse est peut-être mal écrite, ou la page a été déplacée.</p>
      <p><Link to="/">Retour à l'accueil</Link> · <Link to="/plan-du-site">Plan du site</Link></p>
    </>
  );
}
