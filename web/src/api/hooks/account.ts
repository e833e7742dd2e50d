/** Data hooks of accounts: sign up, sign in and the links of the account e-mails. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { session } from "../../auth/session";
import { api, ApiProblem, problemFrom, unwrap } from "../client";
import type { components, operations } from "../schema";

export type Registration = NonNullable<operations["community.register"]["requestBody"]>["content"]["application/json"];
export type Member = components["schemas"]["community.Member"];

export function useRegister() {
  return useMutation({ mutationFn: (body: Registration) => unwrap(api.POST("/api/v1/auth/register", { body })) });
}

export function useLogIn() {
  return useMutation({
    mutationFn: async ({ email, password }: { email: string; password: string }) => {
      const answer = await session.logIn(email, password);
      if (!answer.ok) throw await problemOf(answer);
    },
  });
}

/* The account-lifecycle endpoints of docs/decisions.md (issue 8, interfaces §3): called through
 * `send` until they are in the generated schema, then through `api`. */
async function send(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<unknown> {
  const token = session.accessToken();
  const answer = await fetch(`/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!answer.ok) throw await problemOf(answer);
  return answer.status === 204 || answer.status === 202 ? null : answer.json();
}

async function problemOf(answer: Response): Promise<ApiProblem> {
  return problemFrom(answer.status, await answer.json().catch(() => null));
}

export const useConfirmEmail = () =>
  useMutation({ mutationFn: (token: string) => send("POST", "/auth/email-verification/confirm", { token }) });
export const useResendVerification = () =>
  useMutation({ mutationFn: () => send("POST", "/auth/email-verification") });
export const useRequestPasswordReset = () =>
  useMutation({ mutationFn: (email: string) => send("POST", "/auth/password-reset", { email }) });
export const useResetPassword = () =>
  useMutation({ mutationFn: (body: { token: string; password: string }) => send("POST", "/auth/password-reset/confirm", body) });
export const useConfirmEmailChange = () =>
  useMutation({ mutationFn: (token: string) => send("POST", "/auth/email-change/confirm", { token }) });

/** The signed-in member (roles, levels, school), shared by the header and the pages. */
export function useMe(signedIn: boolean) {
  return useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/api/v1/me")),
    enabled: signedIn,
    staleTime: 60_000,
  });
}
