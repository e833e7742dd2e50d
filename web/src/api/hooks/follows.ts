/** Names of what a member follows (groups, resources, members) and the searches to follow more. */
import { useQueries, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../client";

export type Named = { id: string; name: string };

/** The groups one may follow (national and local, the first 100). */
export function useGroups() {
  return useQuery({
    queryKey: ["groups", "list"],
    queryFn: () => unwrap(api.GET("/api/v1/groups", { params: { query: { limit: 100 } } })),
    staleTime: 300_000,
  });
}

/** The names of followed groups, resources or members (an item gone away keeps its id's place). */
export function useNames(kind: "groups" | "resources" | "members", ids: string[]): (Named & { gone: boolean })[] {
  const answers = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["names", kind, id],
      staleTime: 300_000,
      retry: false,
      queryFn: async (): Promise<string> => {
        const path = { params: { path: { id } } };
        if (kind === "groups") return (await unwrap(api.GET("/api/v1/groups/{id}", path))).name;
        if (kind === "resources") return (await unwrap(api.GET("/api/v1/resources/{id}", path))).title;
        return (await unwrap(api.GET("/api/v1/members/{id}", path))).display_name;
      },
    })),
  });
  return ids.map((id, i) => ({ id, name: answers[i].data ?? (answers[i].isError ? "Élément indisponible" : "Chargement…"), gone: answers[i].isError }));
}

export function useResourceSearch(q: string) {
  return useQuery({
    queryKey: ["follows", "search", "resources", q],
    queryFn: async (): Promise<Named[]> =>
      (await unwrap(api.GET("/api/v1/resources", { params: { query: { q, limit: 10 } } }))).items.map((r) => ({ id: r.id, name: r.title })),
    enabled: q.trim().length >= 2,
  });
}

export function useMemberSearch(name: string) {
  return useQuery({
    queryKey: ["follows", "search", "members", name],
    queryFn: async (): Promise<Named[]> =>
      (await unwrap(api.GET("/api/v1/members", { params: { query: { name, limit: 10 } } }))).items.map((m) => ({ id: m.id, name: m.display_name })),
    enabled: name.trim().length >= 2,
  });
}
