import { Alert } from "@codegouvfr/react-dsfr/Alert";
import type { ReactNode } from "react";
import { useMe } from "../api/hooks/account";
import { useSignedIn } from "../auth/useSession";
import { Loading } from "./Loading";
import { PageHeading } from "./PageHeading";
import { ProblemAlert } from "./ProblemAlert";

/** The review pages are for editors (advisers, admins): others are told so, in French. */
export function EditorsOnly({ title, children }: { title: string; children: ReactNode }) {
  const me = useMe(useSignedIn());
  if (!me.data) return <><PageHeading>{title}</PageHeading>{me.isPending ? <Loading /> : <ProblemAlert error={me.error} />}</>;
  if (!me.data.roles.some((role) => role === "adviser" || role === "admin")) {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <Alert severity="info" title="Page réservée aux conseillers pédagogiques"
          description="La relecture des ressources proposées est assurée par les conseillers pédagogiques et les administrateurs de Classe à 12. Votre compte n’a pas ce rôle : vous pouvez proposer vos propres ressources depuis la page Contribuer." />
      </>
    );
  }
  return <>{children}</>;
}
