/** Data hooks of the catalogue (TanStack Query over the typed client). */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { saveBookmarkedResources } from "../../offline/save";
import { api, unwrap } from "../client";
import type { components, operations } from "../schema";

export type SearchQuery = NonNullable<operations["resources.search_resources"]["parameters"]["query"]>;
export type SearchPage = components["schemas"]["resources.SearchPage"];
export type Resource = components["schemas"]["resources.Resource"];

export function useSearch(query: SearchQuery) {
  return useQuery({
    queryKey: ["resources", "search", query],
    queryFn: () => unwrap(api.GET("/api/v1/resources", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useSuggestions(text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: ["resources", "suggest", q],
    queryFn: () => unwrap(api.GET("/api/v1/resources/suggest", { params: { query: { q, limit: 8 } } })),
    enabled: q.length >= 2,
    staleTime: 60_000,
  });
}

export function useTaxonomy() {
  return useQuery({ queryKey: ["taxonomy"], queryFn: () => unwrap(api.GET("/api/v1/taxonomy")), staleTime: Infinity });
}

export function useResource(id: string, signedIn: boolean) {
  return useQuery({
    queryKey: ["resources", id, signedIn],
    queryFn: () => unwrap(api.GET("/api/v1/resources/{id}", { params: { path: { id } } })),
  });
}

export function useBookmark(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) =>
      unwrap(on ? api.PUT("/api/v1/resources/{id}/bookmark", { params: { path: { id } } })
                : api.DELETE("/api/v1/resources/{id}/bookmark", { params: { path: { id } } })),
    onSuccess: () => {
      void saveBookmarkedResources(); // the copies for reading offline follow the bookmarks
      return client.invalidateQueries({ queryKey: ["resources", id] });
    },
  });
}

export function useRating(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { stars: number; review: string | null }) =>
      unwrap(api.PUT("/api/v1/resources/{id}/rating", { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["resources", id] }),
  });
}

/** The written reviews of a resource, newest first, page after page (members only). */
export function useReviews(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["resources", id, "reviews"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/resources/{id}/reviews", { params: { path: { id }, query: { limit: 10, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    enabled,
  });
}

/** A resource's published versions, newest first, and one of them as it was published. */
export function useVersions(id: string) {
  return useQuery({
    queryKey: ["resources", id, "versions"],
    queryFn: () => unwrap(api.GET("/api/v1/resources/{id}/versions", { params: { path: { id } } })),
  });
}

export function useVersion(id: string, version: number) {
  return useQuery({
    queryKey: ["resources", id, "versions", version],
    queryFn: () => unwrap(api.GET("/api/v1/resources/{id}/versions/{version}", { params: { path: { id, version } } })),
    staleTime: Infinity, // a published version never changes
  });
}
