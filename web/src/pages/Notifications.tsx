import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useState } from "react";
import { Link } from "react-router";
import { useDeleteNotification, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount, type Notification } from "../api/hooks/notifications";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";

const WHEN = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

/** The member's inbox, newest first, 20 at a time ("Voir plus"). */
export default function Notifications() {
  const list = useNotifications();
  const unread = useUnreadCount(true).data?.unread_count ?? list.data?.pages[0]?.unread_count ?? 0;
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const remove = useDeleteNotification();
  const [done, setDone] = useState("");
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const read = (item: Notification) =>
    markRead.mutate(item.id, { onSuccess: () => setDone(`« ${item.title} » est marquée comme lue.`) });
  const forget = (item: Notification) =>
    remove.mutate(item.id, { onSuccess: () => setDone(`« ${item.title} » est supprimée.`) });

  return (
    <>
      <PageHeading>Notifications</PageHeading>
      <p>
        Choisissez comment être prévenu dans vos <Link to="/compte/preferences">préférences de notification</Link>,
        et ce que vous suivez dans <Link to="/compte/abonnements">vos abonnements</Link>.
      </p>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <p className="fr-mb-0 fr-mr-2w">
          {list.data ? (unread === 0 ? "Aucune notification non lue." : `${unread} notification${unread > 1 ? "s" : ""} non lue${unread > 1 ? "s" : ""}.`) : ""}
        </p>
        {unread > 0 && (
          <Button priority="secondary" size="small" iconId="fr-icon-check-line" {...busy(markAll.isPending)}
            onClick={() => markAll.mutate(undefined, { onSuccess: () => setDone("Toutes vos notifications sont marquées comme lues.") })}>
            Tout marquer comme lu
          </Button>
        )}
      </div>
      <p role="status" className="fr-sr-only">{done}</p>
      <ProblemAlert error={list.error ?? markRead.error ?? markAll.error ?? remove.error} />
      {list.isPending && <Loading />}
      {list.data && items.length === 0 && (
        <p className="fr-mt-4w">
          Vous n’avez aucune notification pour le moment. Suivez des thèmes, des groupes ou des ressources
          dans <Link to="/compte/abonnements">vos abonnements</Link> pour être prévenu de leurs nouveautés.
        </p>
      )}
      <ul className="fr-raw-list">
        {items.map((item) => (
          <NotificationItem key={item.id} item={item} onRead={() => read(item)} onDelete={() => forget(item)}
            pending={markRead.isPending || remove.isPending} />
        ))}
      </ul>
      {list.hasNextPage && (
        <Button priority="secondary" {...busy(list.isFetchingNextPage)} onClick={() => void list.fetchNextPage()}>
          Voir plus
        </Button>
      )}
    </>
  );
}

function NotificationItem({ item, onRead, onDelete, pending }: { item: Notification; onRead: () => void; onDelete: () => void; pending: boolean }) {
  const unread = item.read_at === null;
  const about = <span className="fr-sr-only"> : {item.title}</span>;
  return (
    <li className={`fr-mb-3w fr-p-2w classe12-notification${unread ? " classe12-notification--unread" : ""}`}>
      <h2 className="fr-h6 fr-mb-1w">
        {unread && <><Badge as="span" small severity="new" className="fr-mr-1w">Non lue</Badge><span className="fr-sr-only"> : </span></>}
        {item.title}
      </h2>
      <p className="fr-mb-1w">{item.body}</p>
      <p className="fr-text--xs fr-mb-2w">{WHEN.format(new Date(item.created_at))}</p>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        {item.link && (
          <li>
            <Link className="fr-btn fr-btn--sm" to={item.link} onClick={() => (unread ? onRead() : undefined)}>
              Ouvrir{about}
            </Link>
          </li>
        )}
        {unread && (
          <li>
            <Button priority="secondary" size="small" {...busy(pending)} onClick={onRead}>Marquer comme lue{about}</Button>
          </li>
        )}
        <li>
          <Button priority="tertiary" size="small" {...busy(pending)} onClick={onDelete}>Supprimer{about}</Button>
        </li>
      </ul>
    </li>
  );
}
