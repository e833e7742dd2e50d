/** This browser's side of web push: its support, its permission and its PushSubscription, held
 * by the service worker's registration (public/sw.js, registered by src/pwa.ts). */
import { ApiProblem } from "../api/client";

export const pushSupported = (): boolean =>
  "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

/** A failure of the browser, shown like an API problem (French title and detail). */
export const deviceProblem = (detail: string): ApiProblem =>
  new ApiProblem({ title: "Notifications impossibles sur cet appareil", status: 0, detail });

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  return pushSupported() ? navigator.serviceWorker.getRegistration("/") : undefined;
}

/** The device's current subscription, if any. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const found = await registration();
  return found ? found.pushManager.getSubscription() : null;
}

/** "AAEC-_" (base64url) -> bytes, as pushManager.subscribe wants the server's key. */
export function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

const sameBytes = (a: ArrayBuffer | null, b: Uint8Array): boolean =>
  a !== null && a.byteLength === b.length && new Uint8Array(a).every((byte, i) => byte === b[i]);

/** Asks the permission, then subscribes this device with the server's VAPID key (a subscription
 * made with another key is dropped first: a push service accepts one key per subscription). */
export async function subscribeDevice(serverKey: string): Promise<PushSubscription> {
  if (!pushSupported()) throw deviceProblem("Ce navigateur ne sait pas recevoir de notifications.");
  const permission = await Notification.requestPermission();
  if (permission !== "granted") {
    throw deviceProblem("Le navigateur bloque les notifications de Classe à 12 : autorisez-les dans les réglages du site, puis réessayez.");
  }
  const found = await registration();
  if (!found) throw deviceProblem("Le service de notifications du site n'est pas encore installé : rechargez la page, puis réessayez.");
  const key = base64urlBytes(serverKey);
  const existing = await found.pushManager.getSubscription();
  if (existing && sameBytes(existing.options.applicationServerKey, key)) return existing;
  await existing?.unsubscribe();
  try {
    return await found.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch {
    throw deviceProblem("Le navigateur n'a pas pu joindre son service de notifications. Réessayez plus tard.");
  }
}
