/** The service worker (public/sw.js: web push) is registered in production builds only, so the
 * dev server never keeps a worker that outlives a code change. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      console.warn("service worker not registered", error);
    });
  });
}
