/* The client's service worker (docs/decisions.md 35 and 36), registered by src/pwa.ts in
 * production builds with the scope "/". Hand-written, no build step: web push only.
 * It caches nothing, so no API answer with personal data is ever kept on the device. */

const ICON = "/icons/icon-192.png";
const GENERIC = { title: "Classe à 12", body: "Nouvelle notification", url: "/", tag: undefined };

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

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

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
