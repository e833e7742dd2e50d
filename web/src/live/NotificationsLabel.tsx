/** The header's "Notifications" link text with its unread count, and the polite live region
 * announcing new notifications. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { useLiveAnnouncement } from "./useLiveUnread";

export function unreadText(count: number): string {
  return count === 0 ? "aucune non lue" : `${count} non lue${count > 1 ? "s" : ""}`;
}

/** The link's accessible name: "Notifications, 3 non lues" (its aria-label). */
export function notificationsName(count: number | undefined): string {
  return count === undefined ? "Notifications" : `Notifications, ${unreadText(count)}`;
}

/** What the link shows: "Notifications" and a badge with the count. */
export function NotificationsLabel({ count }: { count: number | undefined }) {
  return (
    <>
      Notifications
      {count !== undefined && count > 0 && " " /* visible text "Notifications 3", inside the name */}
      {count !== undefined && count > 0 && (
        <Badge as="span" small severity="new" noIcon className="fr-ml-1w">{count > 99 ? "99+" : String(count)}</Badge>
      )}
    </>
  );
}

export function LiveAnnouncer() {
  const message = useLiveAnnouncement();
  return <p role="status" aria-live="polite" className="fr-sr-only">{message}</p>;
}
