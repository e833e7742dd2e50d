/** The member's inbox kept live (docs/decisions.md 34): one EventSource on
 * /api/v1/notifications/stream?ticket=... for the whole app (not per page: the layout is mounted
 * again at each page), opened while someone is signed in and closed at sign-out.
 *
 * Each `inbox` frame carries the unread count, written into the query cache (the header's badge);
 * a frame naming a new notification is also announced, a few grouped in one message. On an
 * error (stream ended at its maximum age, process restarted, 503) the stream is closed and opened
 * again with a fresh ticket after a growing delay; meanwhile and at each opening the count is read
 * again with GET /notifications/unread-count. */
import type { QueryClient } from "@tanstack/react-query";
import { fetchUnreadCount, LIST_KEY, setUnreadCount, streamTicket } from "../api/hooks/notifications";
import { session } from "../auth/session";

const STREAM = "/api/v1/notifications/stream";
const FIRST_DELAY = 1_000;
const MAX_DELAY = 60_000;
/** new notifications arriving within this time are announced together */
const ANNOUNCE_AFTER = 1_500;
/** an announcement stays this long in the live region, then it is emptied */
const ANNOUNCE_FOR = 10_000;

type InboxFrame = { unread_count: number; notification?: { id: string; kind: string; category: string } };
type Listener = () => void;

let client: QueryClient | null = null;
let source: EventSource | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;
let delay = FIRST_DELAY;
let wanted = false;
/** bumped at each opening and at sign-out: a ticket that arrives late for an older one is dropped */
let generation = 0;
let arrived = 0;
let announceTimer: ReturnType<typeof setTimeout> | undefined;
let clearTimer: ReturnType<typeof setTimeout> | undefined;
let announcement = "";
const listeners = new Set<Listener>();

function announce(message: string) {
  announcement = message;
  for (const listener of listeners) listener();
}

function newNotification() {
  arrived += 1;
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    announce(arrived === 1 ? "Vous avez une nouvelle notification." : `Vous avez ${arrived} nouvelles notifications.`);
    arrived = 0;
    clearTimeout(clearTimer);
    clearTimer = setTimeout(() => announce(""), ANNOUNCE_FOR);
  }, ANNOUNCE_AFTER);
}

function onInbox(event: MessageEvent<string>) {
  if (!client) return;
  const frame = JSON.parse(event.data) as InboxFrame;
  setUnreadCount(client, frame.unread_count);
  void client.invalidateQueries({ queryKey: LIST_KEY });
  if (frame.notification) newNotification();
}

function resync() {
  if (!client) return;
  void fetchUnreadCount(client);
  void client.invalidateQueries({ queryKey: LIST_KEY });
}

async function open() {
  const mine = ++generation;
  let ticket: string;
  try {
    ticket = await streamTicket();
  } catch {
    if (mine === generation) later();
    return;
  }
  if (mine !== generation || !wanted) return;
  const stream = new EventSource(`${STREAM}?ticket=${encodeURIComponent(ticket)}`);
  source = stream;
  stream.addEventListener("open", () => {
    delay = FIRST_DELAY;
    resync(); // what changed before the stream was open
  });
  stream.addEventListener("inbox", onInbox as EventListener);
  stream.addEventListener("resync", resync);
  stream.addEventListener("error", () => {
    // the browser would retry with the same ticket, which expires: a new one instead
    if (source !== stream) return;
    stream.close();
    source = null;
    later();
  });
}

function later() {
  if (!wanted) return;
  if (client) void fetchUnreadCount(client); // the fallback while the stream is away
  clearTimeout(retry);
  retry = setTimeout(() => void open(), delay);
  delay = Math.min(delay * 2, MAX_DELAY);
}

function close() {
  generation += 1;
  clearTimeout(retry);
  source?.close();
  source = null;
  delay = FIRST_DELAY;
  arrived = 0;
  clearTimeout(announceTimer);
  announce("");
}

function follow() {
  const signedIn = session.signedIn();
  if (signedIn && !wanted) {
    wanted = true;
    void open();
  } else if (!signedIn && wanted) {
    wanted = false;
    close();
    client?.removeQueries({ queryKey: ["notifications"] });
  }
}

/** Starts following the session (once; later calls do nothing). */
export function startLiveInbox(queryClient: QueryClient) {
  if (client) return;
  client = queryClient;
  if (typeof EventSource === "undefined") return; // the unread count's own refetches remain
  session.subscribe(follow);
  follow();
}

export const liveAnnouncement = {
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  current: () => announcement,
};
