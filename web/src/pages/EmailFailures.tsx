import { Button } from "@codegouvfr/react-dsfr/Button";
import { useEmailFailures } from "../api/hooks/admin";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";

const WHEN = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short" });
const ERRORS: Record<string, string> = {
  permanent: "Refusé par le serveur du destinataire",
  temporary_exhausted: "Toujours en échec après toutes les tentatives",
  no_address: "Adresse inconnue (membre supprimé)",
};
const KINDS: Record<string, string> = { immediate: "Courriel immédiat", digest: "Résumé" };

/** For administrators: the e-mails the platform could not deliver (never the address: community
 * holds it), with the last answer of the mail server, to find what is wrong. */
export default function EmailFailures() {
  const failures = useEmailFailures();
  const items = failures.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeading>Courriels non remis</PageHeading>
      <p>
        Les courriels que la plateforme n'a pas pu remettre après ses nouvelles tentatives. L'adresse n'est jamais
        affichée : le service communauté la garde ; le membre est désigné par son identifiant.
      </p>
      {failures.isPending && <Loading />}
      <ProblemAlert error={failures.error} />
      {failures.isSuccess && items.length === 0 && <p role="status">Aucun courriel en échec : tout a été remis.</p>}
      {items.length > 0 && (
        <DataTable
          caption={`${items.length} courriel${items.length > 1 ? "s" : ""} non remis${failures.hasNextPage ? " (d'autres suivent)" : ""}`}
          headers={["Objet", "Type", "Membre", "Échec le", "Cause", "Tentatives", "Dernière réponse"]}
          rows={items.map((failure) => {
            const last = failure.log[failure.log.length - 1];
            return {
              key: failure.id,
              header: failure.subject,
              cells: [
                KINDS[failure.kind] ?? failure.kind,
                <code key="member">{failure.recipient_id}</code>,
                WHEN.format(new Date(failure.failed_at)),
                ERRORS[failure.error] ?? failure.error,
                failure.attempts,
                last ? `${last.code ?? "—"} ${last.detail}` : "—",
              ],
            };
          })}
        />
      )}
      {failures.hasNextPage && (
        <Button priority="secondary" {...busy(failures.isFetchingNextPage)} onClick={() => void failures.fetchNextPage()}>
          Courriels suivants
        </Button>
      )}
    </>
  );
}
