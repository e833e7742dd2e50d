/* The client's service worker (docs/decisions.md 35 and 36), registered by src/pwa.ts in
 * production builds with the scope "/". Hand-written, no build step.
 *
 * - Web push: shows the notification of decision 36 and opens its page.
 * - App shell: the built files (listed in /offline-shell.json at build time) and index.html are
 *   kept in the cache "classe12-shell", so the client starts without network.
 * - Bookmarked resources offline: the page (src/offline/copies.ts, which holds the access token)
 *   fills the cache "classe12-offline:<member id>" with the member's bookmarks, each bookmarked
 *   resource's answer and its files, and empties it at sign-out. This worker only reads it, and
 *   only when the network fails, for those three kinds of GET: no other API answer is ever kept.
 *   When it answers from it, it tells the page ("offline-copy"), which shows a banner. */

const ICON = "/icons/icon-192.png";
const GENERIC = { title: "Classe à 12", body: "Nouvelle notification", url: "/", tag: undefined };
const SHELL = "classe12-shell";
const SHELL_LIST = "/offline-shell.json";
const OFFLINE_PREFIX = "classe12-offline:";
/** the API answers a bookmarked resource needs: the bookmarks, a resource, one of its files */
const OFFLINE_API = [
  /^\/api\/v1\/me\/bookmarks$/,
  /^\/api\/v1\/resources\/[0-9a-f]{24}$/,
  /^\/api\/v1\/resources\/[0-9a-f]{24}\/files\/[0-9a-f]{24}$/,
];

/** The notification of a push: the payload of decision 36, {title, body, url, tag}; other fields
 * are ignored (later versions may add some); a payload that is not that JSON gives a generic one. */
function notificationOf(data) {
  let payload = null;
  try {
    payload = data ? data.json() : null;
  } catch {
    payload = null;
  }
  if (!payload || typeof payload !== "object" || typeof payload.title !== "string" || !payload.title) return GENERIC;
  return {
    title: payload.title,
    body: typeof payload.body === "string" ? payload.body : "",
    url: sameOrigin(payload.url) ? payload.url : "/",
    tag: typeof payload.tag === "string" ? payload.tag : undefined,
  };
}

/** Whether a URL is of this origin (a push never opens another site). */
function sameOrigin(url) {
  if (typeof url !== "string") return false;
  try {
    return new URL(url, self.location.origin).origin === self.location.origin;
  } catch {
    return false;
  }
}

/** Keeps the files of the build in force (its list is rewritten by each build), drops the others. */
async function refreshShell() {
  try {
    const answer = await fetch(SHELL_LIST, { cache: "no-cache" });
    if (!answer.ok) return;
    const wanted = ["/", ...(await answer.json())].map((path) => new URL(path, self.location.origin).href);
    const cache = await caches.open(SHELL);
    const kept = new Set((await cache.keys()).map((request) => request.url));
    await Promise.all(wanted.filter((url) => url.endsWith("/") || !kept.has(url)).map((url) => cache.add(url)));
    await Promise.all([...kept].filter((url) => !wanted.includes(url)).map((url) => cache.delete(url)));
  } catch {
    // offline or a build without the list: the shell stays as it was
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(refreshShell());
  self.skipWaiting();
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "refresh-shell") event.waitUntil(refreshShell());
});

/** The member of the bearer token of a request (null without one): a saved copy is never
 * served to a request signed by somebody else. */
function memberOf(request) {
  const header = request.headers.get("Authorization") || "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).sub || null;
  } catch {
    return null;
  }
}

async function savedCopy(request) {
  const member = memberOf(request);
  for (const name of await caches.keys()) {
    if (!name.startsWith(OFFLINE_PREFIX) || (member && name !== OFFLINE_PREFIX + member)) continue;
    const found = await (await caches.open(name)).match(request.url, { ignoreVary: true });
    if (found) return found;
  }
  return null;
}

async function tell(clientId, message) {
  const client = clientId ? await self.clients.get(clientId) : null;
  if (client) client.postMessage(message);
}

/** Network first; without network, the member's saved copy (and the page is told). */
async function offlineApi(event) {
  try {
    const answer = await fetch(event.request);
    void tell(event.clientId, { type: "offline-copy", served: false });
    return answer;
  } catch (error) {
    const copy = await savedCopy(event.request);
    if (!copy) throw error;
    void tell(event.clientId, { type: "offline-copy", served: true });
    return copy;
  }
}

/** Network first for pages and the list; the build's files (named after their content) from the cache. */
async function shell(event) {
  const { request } = event;
  const cache = await caches.open(SHELL);
  const url = new URL(request.url);
  if (url.pathname.startsWith("/assets/")) {
    const kept = await cache.match(request);
    if (kept) return kept;
  }
  try {
    const answer = await fetch(request);
    const page = (answer.headers.get("Content-Type") || "").startsWith("text/html");
    if (request.mode === "navigate" && answer.ok && page) event.waitUntil(cache.put("/", answer.clone()));
    return answer;
  } catch (error) {
    const kept = await cache.match(request.mode === "navigate" ? "/" : request);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname === "/sw.js") return;
  if (url.pathname.startsWith("/api/")) {
    // any other API call goes to the network untouched, and nothing of it is kept
    if (!url.search && OFFLINE_API.some((pattern) => pattern.test(url.pathname))) event.respondWith(offlineApi(event));
    return;
  }
  event.respondWith(shell(event));
});

self.addEventListener("push", (event) => {
  const { title, body, url, tag } = notificationOf(event.data);
  event.waitUntil(self.registration.showNotification(title, { body, tag, data: { url }, icon: ICON, lang: "fr" }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const wanted = event.notification.data && sameOrigin(event.notification.data.url) ? event.notification.data.url : "/";
  const target = new URL(wanted, self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => client.url === target);
    if (open) return open.focus();
    return self.clients.openWindow(target);
  })());
});
