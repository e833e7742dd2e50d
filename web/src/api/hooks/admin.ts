/** Data hooks of the administrators' pages. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
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
export type PrivilegedRole = S["community.PrivilegedRole"];
export type SanctionAction = "warn" | "suspend" | "ban" | "lift";

export function useRoleChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role, grant }: { id: string; role: PrivilegedRole; grant: boolean }) =>
      unwrap(grant ? api.POST("/api/v1/members/{id}/roles", { params: { path: { id } }, body: { role } })
                   : api.DELETE("/api/v1/members/{id}/roles/{role}", { params: { path: { id, role } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["members"] }),
  });
}

export function useSanction() {
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; action: SanctionAction; days?: number; reason?: string }) =>
      unwrap(api.POST("/api/v1/members/{id}/sanctions", { params: { path: { id } }, body })),
  });
}
