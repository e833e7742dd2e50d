import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { ApiProblem } from "../api/client";

/** An error of the API as a DSFR alert (its French title and detail). */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error.problem : null;
  return (
    <Alert className="fr-my-3w" severity="error" title={problem?.title ?? "Erreur"}
      description={problem?.detail ?? "Le service ne répond pas. Réessayez dans un instant."} role="alert" />
  );
}

/** The API's message about one field, for the `state`/`stateRelatedMessage` of a DSFR input. */
export function fieldState(error: unknown, name: string): { state?: "error"; stateRelatedMessage?: string } {
  const message = error instanceof ApiProblem ? error.field(name) : undefined;
  return message ? { state: "error", stateRelatedMessage: message } : {};
}
