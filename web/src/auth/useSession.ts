import { useSyncExternalStore } from "react";
import { session } from "./session";

/** Whether someone is signed in here (re-renders when it changes). */
export function useSignedIn(): boolean {
  return useSyncExternalStore(session.subscribe, session.signedIn);
}

/** False until the session has been restored at start (a reload). */
export function useSessionReady(): boolean {
  return useSyncExternalStore(session.subscribe, session.ready);
}
