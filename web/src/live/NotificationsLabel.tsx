/** The header's "Notifications" link text with its unread count, and the polite live region
 * announcing new notifications. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { useLiveAnnouncement } from "./useLiveUnread";

export function unreadText(count: number): string {
  return count === 0 ? "aucune non lue" : `${count} non lue${count > 1 ? "s" : ""}`;
}

/** "Notifications" and a badge; its accessible name: "Notifications, 3 non lues". */
export function NotificationsLabel({ count }: { count: number | undefined }) {
  if (count === undefined) return <>Notifications</>;
  return (
    <>
      Notifications<span className="fr-sr-only">, {unreadText(count)}</span>
      {count > 0 && (
        <span aria-hidden="true">
          <Badge as="span" small severity="new" noIcon className="fr-ml-1w">{count > 99 ? "99+" : String(count)}</Badge>
        </span>
      )}
    </>
  );
}

export function LiveAnnouncer() {
  const message = useLiveAnnouncement();
  return <p role="status" aria-live="polite" className="fr-sr-only">{message}</p>;
}
