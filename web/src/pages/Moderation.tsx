import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link } from "react-router";
import { useMe } from "../api/hooks/account";
import { useModerate, useModerationLog, useModerationQueue, useMyGroups, type ModerationAction, type ModerationItem } from "../api/hooks/community";
import { useSignedIn } from "../auth/useSession";
import { MemberLink } from "../components/community/MemberLink";
import { formatDate, REPORT_REASONS } from "../components/community/PostView";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { label } from "../labels";
import { busy } from "../components/busy";
import { DataTable } from "../components/DataTable";

const ACTIONS: Record<string, string> = {
  hide: "Masqué", restore: "Rétabli", dismiss: "Signalements classés", pin: "Épinglé", unpin: "Désépinglé",
  lock: "Verrouillé", unlock: "Déverrouillé", warn: "Averti", suspend: "Suspendu", ban: "Exclu", lift: "Sanctions levées",
};
const KINDS: Record<string, string> = { post: "Message", profile: "Profil", review: "Avis", thread: "Discussion", member: "Membre" };
const CONTENT_STATES: Record<string, string> = { visible: "Visible", hidden: "Masqué", pending: "En attente", deleted: "Supprimé" };

export default function Moderation() {
  const me = useMe(useSignedIn()).data;
  const groups = useMyGroups().data;
  const admin = me?.roles.includes("admin") ?? false;
  const moderated = (groups?.items ?? []).filter((g) => g.membership?.role === "owner" || g.membership?.role === "moderator");
  const [chosen, setChosen] = useState<string | null>(null);
  const groupId = chosen ?? (admin ? "" : moderated[0]?.id ?? "");
  const ready = !!me && !!groups && (admin || moderated.length > 0);
  return (
    <>
      <PageHeading>Modération</PageHeading>
      {me && groups && !ready && (
        <p>La modération est réservée aux modérateurs et propriétaires de groupes et aux administrateurs.</p>
      )}
      {!(me && groups) && <Loading />}
      {ready && (
        <>
          <Select label="Périmètre" nativeSelectProps={{ value: groupId, onChange: (e) => setChosen(e.target.value) }}>
            {admin && <option value="">Toute la plateforme</option>}
            {moderated.map((g) => <option key={g.id} value={g.id}>{`Groupe : ${g.name}`}</option>)}
          </Select>
          <Queue groupId={groupId} />
          <Log groupId={groupId} />
        </>
      )}
    </>
  );
}

function Queue({ groupId }: { groupId: string }) {
  const [state, setState] = useState<"open" | "resolved">("open");
  const queue = useModerationQueue(groupId, state, true);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const [decided, setDecided] = useState("");
  return (
    <section aria-labelledby="file" className="fr-mt-4w">
      <h2 id="file">File de modération</h2>
      <Select label="Afficher" nativeSelectProps={{ value: state, onChange: (e) => setState(e.target.value as "open" | "resolved") }}>
        <option value="open">À traiter</option>
        <option value="resolved">Traités</option>
      </Select>
      {queue.isPending && <Loading />}
      <ProblemAlert error={queue.error} />
      {queue.data && <p role="status">{items.length === 0 ? "Rien à traiter." : `${items.length} contenu${items.length > 1 ? "s" : ""} affiché${items.length > 1 ? "s" : ""}.`}</p>}
      <p role="status">{decided}</p>
      {items.map((item) => <QueueItem key={`${item.kind}:${item.id}`} item={item} onDecided={setDecided} />)}
      {queue.hasNextPage && (
        <Button priority="secondary" {...busy(queue.isFetchingNextPage)} onClick={() => queue.fetchNextPage()}>Contenus suivants</Button>
      )}
    </section>
  );
}

function QueueItem({ item, onDecided }: { item: ModerationItem; onDecided: (text: string) => void }) {
  const moderate = useModerate();
  const [reason, setReason] = useState("");
  const who = item.author ? `de ${item.author.display_name}` : "d’un membre parti";
  // the decision takes the item out of the queue (its refetch unmounts this component, and a
  // mutate() callback would then never run): the page's status is told through the promise
  const decide = (action: ModerationAction) =>
    moderate.mutateAsync({ kind: item.kind, id: item.id, action, ...(reason.trim() ? { reason } : {}) })
      .then((d) => onDecided(`Décision enregistrée sur le ${label(KINDS, item.kind).toLowerCase()} ${who} : ${label(ACTIONS, d.action)}.`))
      .catch(() => undefined); // shown by the form (moderate.error)
  return (
    <article className="fr-p-3w fr-mb-3w" style={{ border: "1px solid var(--border-default-grey)" }} aria-labelledby={`item-${item.id}`}>
      <h3 id={`item-${item.id}`} className="fr-h6 fr-mb-1w">{`${label(KINDS, item.kind)} ${who}`}</h3>
      <ul className="fr-badges-group">
        <li><Badge small noIcon>{`${item.report_count} signalement${item.report_count > 1 ? "s" : ""}`}</Badge></li>
        {item.content_state && <li><Badge small severity={item.content_state === "hidden" ? "warning" : "info"} noIcon>{label(CONTENT_STATES, item.content_state)}</Badge></li>}
      </ul>
      {item.author && <p className="fr-text--sm fr-mb-1w">Auteur : <MemberLink id={item.author.id} name={item.author.display_name} /></p>}
      {item.excerpt && <blockquote className="fr-my-2w"><p>{item.excerpt}</p></blockquote>}
      {item.automatic_reason && <p className="fr-text--sm">Retenu automatiquement : {item.automatic_reason}</p>}
      {item.reports.length > 0 && (
        <ul className="fr-text--sm">
          {item.reports.map((r, i) => (
            <li key={i}>{`${label(REPORT_REASONS, r.reason)}, le ${formatDate(r.at)}`}{r.details && <> : « {r.details} »</>}</li>
          ))}
        </ul>
      )}
      {item.thread_id && <p className="fr-text--sm"><Link to={`/communaute/discussions/${item.thread_id}`}>Voir la discussion<span className="fr-sr-only"> du message {who}</span></Link></p>}
      {item.decision && (
        <p className="fr-text--sm">
          Décision : {label(ACTIONS, item.decision.action)} le {formatDate(item.decision.at)}{item.decision.reason && <> ({item.decision.reason})</>}
        </p>
      )}
      <form onSubmit={(e) => { e.preventDefault(); decide("hide"); }}>
        <Input label={<>Motif de la décision<span className="fr-sr-only"> sur le message {who}</span></>}
          hintText="Obligatoire pour masquer : l’auteur le lira."
          nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }} {...fieldState(moderate.error, "reason")} />
        <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <Button type="submit" size="small" {...busy(moderate.isPending)}>Masquer<span className="fr-sr-only"> le message {who}</span></Button>
          <Button type="button" size="small" priority="secondary" {...busy(moderate.isPending)} onClick={() => decide("restore")}>
            Rétablir<span className="fr-sr-only"> le message {who}</span>
          </Button>
          <Button type="button" size="small" priority="tertiary" {...busy(moderate.isPending)} onClick={() => decide("dismiss")}>
            Classer les signalements<span className="fr-sr-only"> du message {who}</span>
          </Button>
        </div>
      </form>
      {!fieldState(moderate.error, "reason").state && <ProblemAlert error={moderate.error} />}
    </article>
  );
}

function Log({ groupId }: { groupId: string }) {
  const log = useModerationLog(groupId, true);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="journal" className="fr-mt-6w">
      <h2 id="journal">Journal de modération</h2>
      {log.isPending && <Loading />}
      <ProblemAlert error={log.error} />
      {log.data && items.length === 0 && <p>Aucune action de modération pour le moment.</p>}
      {items.length > 0 && (
        <DataTable caption="Actions de modération, les plus récentes d’abord"
          headers={["Date", "Action", "Contenu", "Par", "Motif"]}
          rows={items.map((entry, i) => ({
            key: `${entry.at}-${entry.target_id}-${i}`,
            header: formatDate(entry.at),
            cells: [
              `${label(ACTIONS, entry.action)}${entry.days ? ` (${entry.days} jours)` : ""}`,
              `${label(KINDS, entry.kind)} ${entry.target_id}`,
              <MemberLink key="by" id={entry.by.id} name={entry.by.display_name} />,
              entry.reason ?? "—",
            ],
          }))} />
      )}
      {log.hasNextPage && (
        <Button priority="secondary" {...busy(log.isFetchingNextPage)} onClick={() => log.fetchNextPage()}>Actions suivantes</Button>
      )}
    </section>
  );
}
