/** Data hooks of the parent space: my children, joining with the teacher's code, a child's
 * progress and the family's observations from home (evaluation service, over the typed client). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components, operations } from "../schema";

export type Child = components["schemas"]["evaluation.Child"];
export type ChildProgress = components["schemas"]["evaluation.ChildProgress"];
export type Progress = ChildProgress["progress"][number];
export type Observation = components["schemas"]["evaluation.Observation"];
export type Level = components["schemas"]["evaluation.Level"];
export type Framework = components["schemas"]["evaluation.Framework"];
export type NewObservation = operations["evaluation.add_observation"]["requestBody"]["content"]["application/json"];

export function useChildren() {
  return useQuery({ queryKey: ["children"], queryFn: () => unwrap(api.GET("/api/v1/children")) });
}

export function useJoinChild() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/children/join", { body: { code } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["children"] }),
  });
}

export function useChild(id: string) {
  return useQuery({
    queryKey: ["children", id],
    queryFn: () => unwrap(api.GET("/api/v1/children/{id}", { params: { path: { id } } })),
  });
}

export function useAddObservation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewObservation) =>
      unwrap(api.POST("/api/v1/children/{id}/observations", { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["children", id] }),
  });
}

/** The competence framework in force (public), to group a child's progress by domain. */
export function useFramework() {
  return useQuery({ queryKey: ["framework"], queryFn: () => unwrap(api.GET("/api/v1/framework")), staleTime: Infinity });
}
