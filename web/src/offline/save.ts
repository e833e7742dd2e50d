/** Saves the signed-in member's bookmarked resources on this device for reading offline
 * (offline/store.ts says where). The page does it, not the worker: it holds the access token
 * (through the typed client, which renews it), so the token never reaches the worker.
 * Only these answers are saved: the bookmarks, each bookmarked resource and its files. */
import { api, unwrap } from "../api/client";
import { session } from "../auth/session";
import { BOOKMARKS_URL, currentGeneration, dropSavedCopies, PREFIX, SAVED_AT, supported } from "./store";

/** a file larger than this is not saved (a video): it would fill a school tablet */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_BOOKMARKS = 200;
/** a session renewal (every 14 minutes) saves again, not more often than this */
const AT_MOST_EVERY_MS = 5 * 60_000;

let running: Promise<void> | null = null;
let again = false;
let lastSave = 0;
let lastGeneration = -1; // a sign-out (a drop) in between makes the next save due at once

const json = (data: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), { headers: { "Content-Type": "application/json", ...headers } });

async function bookmarks() {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET("/api/v1/me/bookmarks", { params: { query: { limit: 100, cursor } } }));
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && items.length < MAX_BOOKMARKS);
  return items.slice(0, MAX_BOOKMARKS);
}

async function save(): Promise<void> {
  const started = currentGeneration();
  const me = await unwrap(api.GET("/api/v1/me"));
  const name = PREFIX + me.id;
  await dropSavedCopies((other) => other !== name); // another member's copies never stay beside these
  const generation = currentGeneration();
  if (generation !== started + 1) return; // signed out meanwhile
  lastGeneration = generation;
  const items = await bookmarks();
  const cache = await caches.open(name);
  const wanted = new Set<string>();
  const put = async (url: string, answer: Response) => {
    if (currentGeneration() !== generation) throw new Error("signed out");
    wanted.add(new URL(url, location.origin).href);
    await cache.put(url, answer);
  };
  try {
    for (const item of items) {
      const path = { id: item.id };
      const resource = await unwrap(api.GET("/api/v1/resources/{id}", { params: { path } }));
      await put(`/api/v1/resources/${item.id}`, json(resource));
      for (const file of resource.files.filter((f) => f.size <= MAX_FILE_BYTES)) {
        const { data, response } = await api.GET("/api/v1/resources/{id}/files/{file_id}",
          { params: { path: { id: item.id, file_id: file.id } }, parseAs: "blob" });
        if (!response.ok || !(data instanceof Blob)) continue;
        await put(`/api/v1/resources/${item.id}/files/${file.id}`, new Response(data, { headers: {
          "Content-Type": response.headers.get("Content-Type") ?? file.content_type,
          "Content-Disposition": response.headers.get("Content-Disposition") ?? "attachment",
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "sandbox",
        } }));
      }
    }
    await put(BOOKMARKS_URL, json({ items, next_cursor: null }, { [SAVED_AT]: new Date().toISOString() }));
    // resources no longer bookmarked leave the device
    for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
  } catch (error) {
    if (currentGeneration() !== generation) await caches.delete(name);
    else throw error;
  }
}

/** Saves now (after a bookmark changed), or when `soon` only if the last save is old enough;
 * a call during a save runs one more after it. Failures are silent: the copies stay as they were. */
export function saveBookmarkedResources(soon = false): Promise<void> {
  if (!supported() || !session.signedIn()) return Promise.resolve();
  if (soon && Date.now() - lastSave < AT_MOST_EVERY_MS && currentGeneration() === lastGeneration) return Promise.resolve();
  if (running) {
    again ||= !soon; // a bookmark changed during the save: once more after it
    return running;
  }
  lastSave = Date.now();
  running = save().catch(() => undefined).finally(() => {
    running = null;
    if (again) {
      again = false;
      void saveBookmarkedResources();
    }
  });
  return running;
}

/** Keeps the copies up to date while someone is signed in (at start, after each renewal). */
export function keepBookmarkedResources(): void {
  session.subscribe(() => {
    if (session.signedIn()) void saveBookmarkedResources(true);
  });
}
