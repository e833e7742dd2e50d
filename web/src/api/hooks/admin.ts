/** Data hooks of the administrators' pages. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components } from "../schema";

/** E-mails that could not be delivered after their retries, newest first, page after page. */
export function useEmailFailures() {
  return useInfiniteQuery({
    queryKey: ["admin", "email-failures"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/admin/email-failures", { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

type S = components["schemas"];
export type Profile = S["community.Profile"];
export type PrivilegedRole = S["community.PrivilegedRole"];
export type SanctionAction = "warn" | "suspend" | "ban" | "lift";

/** The member directory searched by name (admins manage the members they find). */
export function useMemberSearch(name: string) {
  const q = name.trim();
  return useQuery({
    queryKey: ["admin", "members", q],
    queryFn: () => unwrap(api.GET("/api/v1/members", { params: { query: { name: q, limit: 20 } } })),
    enabled: q.length >= 2,
  });
}

export function useRoleChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role, grant }: { id: string; role: PrivilegedRole; grant: boolean }) =>
      unwrap(grant ? api.POST("/api/v1/members/{id}/roles", { params: { path: { id } }, body: { role } })
                   : api.DELETE("/api/v1/members/{id}/roles/{role}", { params: { path: { id, role } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["admin", "members"] }),
  });
}

export function useSanction() {
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; action: SanctionAction; days?: number; reason?: string }) =>
      unwrap(api.POST("/api/v1/members/{id}/sanctions", { params: { path: { id } }, body })),
  });
}
