/** Data hooks of contributions and their review: my resources, drafts, files, the editorial workflow. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components, operations } from "../schema";

export type NewResource = operations["resources.create_resource"]["requestBody"]["content"]["application/json"];
export type ResourceChanges = operations["resources.update_resource"]["requestBody"]["content"]["application/json"];
export type ResourceSummary = components["schemas"]["resources.ResourceSummary"];
export type Status = components["schemas"]["resources.Status"];
export type FileRole = components["schemas"]["resources.FileRole"];

export function useMyResources() {
  return useQuery({
    queryKey: ["resources", "mine"],
    queryFn: () => unwrap(api.GET("/api/v1/me/resources", { params: { query: { limit: 100 } } })),
  });
}

export function useReviewQueue(enabled: boolean) {
  return useQuery({
    queryKey: ["resources", "review"],
    queryFn: () => unwrap(api.GET("/api/v1/review/resources", { params: { query: { limit: 100 } } })),
    enabled,
  });
}

/** After any change of a resource: its page, my list, the queue and the catalogue read it again. */
function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["resources"] });
}

export function useCreateResource() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewResource) => unwrap(api.POST("/api/v1/resources", { body })),
    onSuccess: refresh,
  });
}

export function useUpdateResource(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ResourceChanges) => unwrap(api.PATCH("/api/v1/resources/{id}", { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useSubmitResource(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/resources/{id}/submit", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

export function usePublishResource(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/resources/{id}/publish", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

/** Editors take a resource out of the catalogue (publishing it again puts it back). */
export function useArchiveResource(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST("/api/v1/resources/{id}/archive", { params: { path: { id } }, body: { reason: reason.trim() || null } })),
    onSuccess: refresh,
  });
}

export function useRequestChanges(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (comment: string) =>
      unwrap(api.POST("/api/v1/resources/{id}/request-changes", { params: { path: { id } }, body: { comment } })),
    onSuccess: refresh,
  });
}

export type FileUpload = { file: File; role: FileRole; title: string; showsPupils: boolean; imageRightsAttested: boolean };

export function useUploadFile(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ file, role, title, showsPupils, imageRightsAttested }: FileUpload) => {
      const form = new FormData();
      form.append("file", file);
      form.append("role", role);
      if (title.trim()) form.append("title", title.trim());
      form.append("shows_pupils", String(showsPupils));
      form.append("image_rights_attested", String(imageRightsAttested));
      return unwrap(api.POST("/api/v1/resources/{id}/files", {
        params: { path: { id } },
        body: form as never,
        bodySerializer: (body: unknown) => body as FormData,
      }));
    },
    onSuccess: refresh,
  });
}

export function useDeleteFile(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (fileId: string) =>
      unwrap(api.DELETE("/api/v1/resources/{id}/files/{file_id}", { params: { path: { id, file_id: fileId } } })),
    onSuccess: refresh,
  });
}
