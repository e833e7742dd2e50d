/** This device's saved copies of a member's bookmarked resources (docs/decisions.md 35, "Offline
 * reading"): one Cache Storage cache per member, "classe12-offline:<member id>", holding the
 * answers of `GET /api/v1/me/bookmarks`, of each bookmarked `GET /api/v1/resources/{id}` and of
 * their files, under those URLs. The page fills it (offline/save.ts), public/sw.js serves it when
 * the network fails, sign-out empties it. Nothing here needs the API client (session.ts uses it). */

export const PREFIX = "classe12-offline:";
export const BOOKMARKS_URL = "/api/v1/me/bookmarks";
/** header of the saved bookmarks list: when the copies were made (ISO 8601) */
export const SAVED_AT = "X-Classe12-Saved-At";

export type SavedResource = { id: string; title: string; summary: string };
export type SavedCopies = { savedAt: string | null; resources: SavedResource[] };

let generation = 0;

export const supported = (): boolean => typeof caches !== "undefined";

/** Bumped by every drop: a save that began before it writes nothing more (offline/save.ts). */
export const currentGeneration = (): number => generation;

/** Empties the copies (all members', or those `which` selects). */
export async function dropSavedCopies(which: (name: string) => boolean = () => true): Promise<void> {
  generation += 1;
  if (!supported()) return;
  try {
    const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && which(name));
    await Promise.all(names.map((name) => caches.delete(name)));
  } catch {
    // a browser without storage for this site (private mode): nothing was kept
  }
}

/** What this device keeps for reading offline (the resources whose answer is saved). */
export async function savedCopies(): Promise<SavedCopies> {
  const none: SavedCopies = { savedAt: null, resources: [] };
  if (!supported()) return none;
  const name = (await caches.keys()).find((key) => key.startsWith(PREFIX));
  if (!name) return none;
  const cache = await caches.open(name);
  const list = await cache.match(BOOKMARKS_URL);
  if (!list) return none;
  const { items } = (await list.json()) as { items: SavedResource[] };
  const saved = await Promise.all(items.map(async (item) => ((await cache.match(`/api/v1/resources/${item.id}`)) ? item : null)));
  return {
    savedAt: list.headers.get(SAVED_AT),
    resources: saved.filter((item): item is SavedResource => item !== null)
      .map(({ id, title, summary }) => ({ id, title, summary })),
  };
}
