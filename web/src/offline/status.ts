/** Whether the page shows a saved copy: public/sw.js tells each page when it answered from the
 * saved copies (network down) and when the network answered again. */
import { useSyncExternalStore } from "react";

let servedFromCopy = false;
const listeners = new Set<() => void>();

function set(value: boolean) {
  if (value === servedFromCopy) return;
  servedFromCopy = value;
  for (const listener of listeners) listener();
}

/** Listens to the worker (called once at start). */
export function listenToWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as { type?: string; served?: boolean } | null;
    if (data?.type === "offline-copy") set(Boolean(data.served));
  });
}

/** A new page starts without the banner, until the worker says otherwise. */
export const forgetCopy = () => set(false);

export function useServedFromCopy(): boolean {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, () => servedFromCopy);
}
