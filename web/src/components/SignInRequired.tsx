import { Link, useLocation } from "react-router";
import { PageHeading } from "./PageHeading";

/** What a page for members shows to someone not signed in: a way to sign in and come back. */
export function SignInRequired({ title }: { title: string }) {
  const { pathname, search } = useLocation();
  const back = encodeURIComponent(pathname + search);
  return (
    <div className="fr-col-12 fr-col-md-8">
      <PageHeading>{title}</PageHeading>
      <p>Cette page est réservée aux membres de Classe à 12.</p>
      <p>
        <Link to={`/compte/connexion?retour=${back}`}>Connectez-vous</Link> pour y accéder,
        ou <Link to="/compte/inscription">créez un compte</Link>.
      </p>
    </div>
  );
}
