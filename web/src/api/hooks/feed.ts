/** Data hooks of the signed-in home page (fil d'actualité): the catalogue's newest resources for
 * the member's levels and their latest notifications. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components } from "../schema";

type Level = components["schemas"]["evaluation.formats.v1.level"];

export function useNewestResources(level: Level | undefined) {
  return useQuery({
    queryKey: ["resources", "newest", level ?? null],
    queryFn: () => unwrap(api.GET("/api/v1/resources", { params: { query: { sort: "newest", limit: 4, ...(level ? { level } : {}) } } })),
  });
}

export function useLatestNotifications() {
  return useQuery({
    queryKey: ["notifications", "latest"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: 5 } } })),
  });
}
