/** Data hooks of collections: mine, one of them, a shared one by its link, and their changes. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components, operations } from "../schema";

export type Collection = components["schemas"]["resources.Collection"];
export type CollectionChanges = operations["resources.update_collection"]["requestBody"]["content"]["application/json"];

export function useMyCollections(enabled = true) {
  return useQuery({
    queryKey: ["collections", "mine"],
    queryFn: () => unwrap(api.GET("/api/v1/me/collections", { params: { query: { limit: 50 } } })),
    enabled,
  });
}

export function useCollection(id: string) {
  return useQuery({
    queryKey: ["collections", id],
    queryFn: () => unwrap(api.GET("/api/v1/collections/{id}", { params: { path: { id } } })),
  });
}

export function useSharedCollection(token: string) {
  return useQuery({
    queryKey: ["collections", "shared", token],
    queryFn: () => unwrap(api.GET("/api/v1/shared/collections/{token}", { params: { path: { token } } })),
  });
}

function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["collections"] });
}

export function useCreateCollection() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/api/v1/collections", { body: { name } })),
    onSuccess: refresh,
  });
}

export function useUpdateCollection(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CollectionChanges) => unwrap(api.PATCH("/api/v1/collections/{id}", { params: { path: { id } }, body })),
    onSuccess: (saved) => {
      client.setQueryData(["collections", id], saved);
      return client.invalidateQueries({ queryKey: ["collections", "mine"] });
    },
  });
}

export function useDeleteCollection(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/collections/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      client.removeQueries({ queryKey: ["collections", id] });
      return client.invalidateQueries({ queryKey: ["collections", "mine"] });
    },
  });
}

export function useAddToCollection() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ collectionId, resourceId }: { collectionId: string; resourceId: string }) =>
      unwrap(api.POST("/api/v1/collections/{id}/items", { params: { path: { id: collectionId } }, body: { resource_id: resourceId } })),
    onSuccess: refresh,
  });
}

export function useRemoveFromCollection(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (resourceId: string) =>
      unwrap(api.DELETE("/api/v1/collections/{id}/items/{resource_id}", { params: { path: { id, resource_id: resourceId } } })),
    onSuccess: refresh,
  });
}
