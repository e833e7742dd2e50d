/** The API client, typed from the gateway's OpenAPI document (schema.d.ts, `npm run api`).
 * Every call carries the in-memory access token; a 401 on a signed-in call refreshes the session
 * once (the refresh token is an HttpOnly cookie the gateway sets) and replays the call. */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { session } from "../auth/session";

export type Problem = {
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: Record<string, string[]>;
};

/** An error answer of the API (problem+json, in French), thrown by `unwrap`. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  /** The messages about one field ("email", "levels.0"). */
  field(name: string): string | undefined {
    return this.problem.errors?.[name]?.join(" ");
  }
}

const replays = new WeakMap<Request, Request>();

/** The /auth/ endpoints that act for the signed-in member; the others (sign-in, renewal, the links
 * of the e-mails) never carry the token, so a refused password is not taken for an expired token. */
const MEMBER_AUTH = ["/api/v1/auth/email-verification", "/api/v1/auth/logout-everywhere"];
const needsToken = (url: string) => {
  const path = new URL(url, location.origin).pathname;
  return !path.startsWith("/api/v1/auth/") || MEMBER_AUTH.includes(path);
};

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.accessToken();
    if (token && needsToken(request.url)) {
      request.headers.set("Authorization", `Bearer ${token}`);
      replays.set(request, request.clone());
    }
    return request;
  },
  async onResponse({ request, response }) {
    const replay = replays.get(request);
    if (response.status !== 401 || !replay) return response;
    if (!(await session.refresh())) return response;
    replay.headers.set("Authorization", `Bearer ${session.accessToken()}`);
    return fetch(replay);
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(auth);

/** The data of an answer, or an ApiProblem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw problemFrom(response.status, error);
  return data as T;
}

/** The ApiProblem of an error answer's body (anything else than problem+json: a generic one). */
export function problemFrom(status: number, body: unknown): ApiProblem {
  const problem = (body ?? {}) as Partial<Problem>;
  return new ApiProblem({
    title: problem.title ?? "Erreur",
    status,
    detail: problem.detail ?? "Le service ne répond pas. Réessayez dans un instant.",
    code: problem.code,
    errors: problem.errors,
  });
}
