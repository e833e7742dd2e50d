/** A page reached by a link of an e-mail (`?jeton=`): one button confirms. A button rather than
 * at load, so a mail scanner opening the link does not use the token up. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { UseMutationResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useSearchParams } from "react-router";
import { PageHeading } from "./PageHeading";
import { ProblemAlert } from "./ProblemAlert";
import { busy } from "./busy";

export function useToken(): string {
  return useSearchParams()[0].get("jeton") ?? "";
}

export function MissingToken() {
  return (
    <Alert severity="warning" title="Lien incomplet"
      description="Ce lien ne contient pas de jeton. Ouvrez le lien complet reçu par e-mail, ou copiez-le entièrement dans la barre d'adresse." />
  );
}

export function TokenConfirmation({ title, intro, action, done, mutation }: {
  title: string;
  intro: ReactNode;
  action: string;
  done: NonNullable<ReactNode>;
  mutation: UseMutationResult<unknown, Error, string>;
}) {
  const token = useToken();
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {!token ? <MissingToken /> : mutation.isSuccess ? (
        <Alert severity="success" title="C'est fait" description={done} />
      ) : (
        <>
          <p>{intro}</p>
          <ProblemAlert error={mutation.error} />
          <Button onClick={() => mutation.mutate(token)} {...busy(mutation.isPending)}>{action}</Button>
        </>
      )}
    </>
  );
}
