/** Data hooks of accounts: sign up, sign in, the links of the account e-mails, my account
 * (profile, address, password, sessions) and my data (export, deletion). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { session } from "../../auth/session";
import { api, problemFrom, unwrap } from "../client";
import type { components, operations } from "../schema";

export type Registration = NonNullable<operations["community.register"]["requestBody"]>["content"]["application/json"];
export type Member = components["schemas"]["community.Member"];
export type MyProfile = components["schemas"]["community.MyProfile"];
export type ProfileChange = NonNullable<operations["community.update_my_profile"]["requestBody"]>["content"]["application/json"];
export type School = components["schemas"]["community.School"];

export function useRegister() {
  return useMutation({ mutationFn: (body: Registration) => unwrap(api.POST("/api/v1/auth/register", { body })) });
}

export function useLogIn() {
  return useMutation({
    mutationFn: async ({ email, password }: { email: string; password: string }) => {
      const answer = await session.logIn(email, password);
      if (!answer.ok) throw problemFrom(answer.status, await answer.json().catch(() => null));
    },
  });
}

export const useConfirmEmail = () =>
  useMutation({ mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/email-verification/confirm", { body: { token } })) });
export const useResendVerification = () =>
  useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/email-verification")) });
export const useRequestPasswordReset = () =>
  useMutation({ mutationFn: (email: string) => unwrap(api.POST("/api/v1/auth/password-reset", { body: { email } })) });
export const useResetPassword = () =>
  useMutation({ mutationFn: (body: { token: string; password: string }) => unwrap(api.POST("/api/v1/auth/password-reset/confirm", { body })) });
export const useConfirmEmailChange = () =>
  useMutation({ mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/email-change/confirm", { body: { token } })) });

/** The signed-in member (roles, levels, school), shared by the header and the pages. */
export function useMe(signedIn: boolean) {
  return useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/api/v1/me")),
    enabled: signedIn,
    staleTime: 60_000,
  });
}

/** My profile as I see it (with who sees each field). */
export function useMyProfile() {
  return useQuery({ queryKey: ["me", "profile"], queryFn: () => unwrap(api.GET("/api/v1/me/profile")) });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileChange) => unwrap(api.PATCH("/api/v1/me/profile", { body })),
    onSuccess: (profile) => {
      client.setQueryData(["me", "profile"], profile);
      void client.invalidateQueries({ queryKey: ["me"], exact: true });
      void client.invalidateQueries({ queryKey: ["member-profile", profile.id] }); // my profile as others see it
    },
  });
}

/** Schools of the directory whose name contains `name` (two letters at least). */
export function useSchools(name: string) {
  const q = name.trim();
  return useQuery({
    queryKey: ["schools", q],
    queryFn: () => unwrap(api.GET("/api/v1/schools", { params: { query: { name: q, limit: 10 } } })),
    enabled: q.length >= 2,
    staleTime: 300_000,
  });
}

export const useChangeEmail = () =>
  useMutation({ mutationFn: (body: { email: string; password: string }) => unwrap(api.PUT("/api/v1/me/email", { body })) });

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: { current_password: string; password: string }) => unwrap(api.PUT("/api/v1/me/password", { body })),
  });

/** Closes every session of the member, this one included; then `done` (a page leaves for another). */
export const useLogOutEverywhere = (done: () => void) =>
  useMutation({
    mutationFn: async () => {
      const answer = await session.logOut({ everywhere: true });
      if (answer && !answer.ok) throw problemFrom(answer.status, await answer.json().catch(() => null));
      done();
    },
  });

/** Downloads my data: the export's JSON, saved as the file the API names. */
export const useExport = () =>
  useMutation({
    mutationFn: async () => {
      const call = api.GET("/api/v1/me/export");
      const data = await unwrap(call);
      const disposition = (await call).response.headers.get("Content-Disposition") ?? "";
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "classe12-mes-donnees.json";
      saveFile(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }), filename);
      return filename;
    },
  });

function saveFile(blob: Blob, filename: string) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** Deletes my account (the password again); `done` (leaving the member's page), then the session
 * here is forgotten (a member's page would otherwise ask to sign in first). */
export const useDeleteAccount = (done: () => void) =>
  useMutation({
    mutationFn: async (password: string) => {
      await unwrap(api.DELETE("/api/v1/me", { body: { password } }));
      done();
      await session.logOut({ closed: true });
    },
  });
