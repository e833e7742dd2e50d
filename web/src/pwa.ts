import { keepBookmarkedResources } from "./offline/save";
import { listenToWorker } from "./offline/status";

/** The service worker (public/sw.js: web push, the app shell, bookmarked resources offline) is
 * registered in production builds only, so the dev server never keeps a worker that outlives a
 * code change. At each start it is asked to keep the files of the build in force. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  listenToWorker();
  keepBookmarkedResources();
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then((registration) => registration.active?.postMessage({ type: "refresh-shell" }))
      .catch((error: unknown) => {
        console.warn("service worker not registered", error);
      });
  });
}
