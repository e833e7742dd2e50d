import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { useUnreadCount } from "../api/hooks/notifications";
import { liveAnnouncement, startLiveInbox } from "./inbox";

/** The signed-in member's unread count, kept live by the stream (undefined: not known yet). */
export function useLiveUnread(signedIn: boolean): number | undefined {
  const client = useQueryClient();
  useEffect(() => startLiveInbox(client), [client]);
  return useUnreadCount(signedIn).data?.unread_count;
}

/** What the polite live region says now (new notifications), "" most of the time. */
export function useLiveAnnouncement(): string {
  return useSyncExternalStore(liveAnnouncement.subscribe, liveAnnouncement.current);
}
