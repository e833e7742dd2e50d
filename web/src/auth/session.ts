/** The session of the person using this browser (decision 35).
 *
 * The access token lives in memory only (never in localStorage): a script injected into the page
 * could not keep it beyond its 15 minutes. The refresh token is an HttpOnly, Secure,
 * SameSite=Strict cookie that the gateway sets on /api/v1/auth/login and /auth/refresh when the
 * request says `X-Classe12-Session: cookie`; scripts never see it. A reload asks for a new access
 * token with it. `classe12.signed-in` in localStorage only remembers that a cookie may exist (no
 * secret), so anonymous visitors do not call /auth/refresh for nothing.
 *
 * Signing out also empties this device's saved copies of the member's bookmarked resources
 * (offline/store.ts): on a shared school computer, the next person finds nothing of them. */
import { dropSavedCopies } from "../offline/store";

const SESSION_HEADER = { "X-Classe12-Session": "cookie" };
const MARKER = "classe12.signed-in";

type Tokens = { access_token: string; expires_in: number };
type Listener = () => void;

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let ready = false;
const listeners = new Set<Listener>();

function notify() {
  for (const listener of listeners) listener();
}

function keep(tokens: Tokens | null) {
  accessToken = tokens?.access_token ?? null;
  clearTimeout(timer);
  if (tokens) {
    localStorage.setItem(MARKER, "1");
    // renew a minute before it expires, so calls rarely meet a 401
    timer = setTimeout(() => void refresh(), Math.max(tokens.expires_in - 60, 10) * 1000);
  } else {
    localStorage.removeItem(MARKER);
  }
  notify();
}

async function post(path: string, body?: unknown, token?: string): Promise<Response> {
  return fetch(`/api/v1/auth/${path}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", ...SESSION_HEADER, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const answer = await post("refresh", {});
      keep(answer.ok ? ((await answer.json()) as Tokens) : null);
      return answer.ok;
    } catch {
      return false; // network down: keep the session, the next call will try again
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export const session = {
  accessToken: () => accessToken,
  signedIn: () => accessToken !== null,
  ready: () => ready,
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  refresh,
  /** At start: a reload finds the session again through the cookie. */
  async restore() {
    if (localStorage.getItem(MARKER)) await refresh();
    ready = true;
    notify();
  },
  /** Signs in; the answer of an error is returned for the form to show. */
  async logIn(email: string, password: string): Promise<Response> {
    const answer = await post("login", { email, password });
    if (answer.ok) keep((await answer.clone().json()) as Tokens);
    return answer;
  },
  /** Signs out here (`everywhere`: every session of the member; `closed`: the account is gone,
   * nothing to tell the API); the answer of the API, if it was asked. */
  async logOut(options: { everywhere?: boolean; closed?: boolean } = {}): Promise<Response | undefined> {
    const token = accessToken;
    await dropSavedCopies();
    if (options.everywhere && token) {
      let answer = await post("logout-everywhere", undefined, token);
      if (answer.status === 401 && (await refresh())) answer = await post("logout-everywhere", undefined, accessToken ?? "");
      if (!answer.ok) return answer;
      keep(null);
      return answer;
    }
    keep(null);
    if (token && !options.closed) return post("logout", undefined, token).catch(() => undefined);
    if (options.closed) await post("logout").catch(() => undefined); // clears the refresh cookie
    return undefined;
  },
};
