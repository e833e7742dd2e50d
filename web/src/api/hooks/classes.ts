/** Data hooks of a teacher's classes (the evaluation API): classes and pupils, the framework,
 * the positioning grid, the class view, the repères, a pupil's history, parents' codes, exports. */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components } from "../schema";

type S = components["schemas"];
export type ClassSummary = S["evaluation.ClassSummary"];
export type Klass = S["evaluation.Class"];
export type Framework = S["evaluation.Framework"];
export type Level = S["evaluation.Level"];
export type LevelCounts = S["evaluation.LevelCounts"];
export type Cell = S["evaluation.Cell"];
export type Score = S["evaluation.Score"];
export type Period = S["evaluation.Period"];
export type ClassView = S["evaluation.ClassView"];
export type Grid = S["evaluation.Grid"];
export type ReperesProfile = S["evaluation.ReperesProfile"];
export type PupilHistory = S["evaluation.PupilHistory"];
export type NewClass = { name: string; level: S["evaluation.ClassLevel"]; school_year: string };

const path = (id: string) => ({ params: { path: { id } } });
const pupilPath = (id: string, pupil_id: string) => ({ params: { path: { id, pupil_id } } });

export function useClasses() {
  return useQuery({ queryKey: ["classes"], queryFn: () => unwrap(api.GET("/api/v1/classes", { params: { query: { limit: 50 } } })) });
}

export function useCreateClass() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewClass) => unwrap(api.POST("/api/v1/classes", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes"] }),
  });
}

export function useJoinClass() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/classes/join", { body: { code } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes"] }),
  });
}

/** A class and its pupils (the query also names the class in the breadcrumb: routes.tsx). */
export const classQuery = (id: string) =>
  queryOptions({ queryKey: ["classes", id], queryFn: () => unwrap(api.GET("/api/v1/classes/{id}", path(id))) });

export function useClass(id: string) {
  return useQuery(classQuery(id));
}

export function useAddPupil(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => unwrap(api.POST("/api/v1/classes/{id}/pupils", { ...path(id), body: { alias } })),
    onSuccess: (klass) => { client.setQueryData(["classes", id], klass); client.invalidateQueries({ queryKey: ["classes"] }); },
  });
}

export function useErasePupil(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pupil_id: string) => unwrap(api.DELETE("/api/v1/classes/{id}/pupils/{pupil_id}", pupilPath(id, pupil_id))),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes"] }),
  });
}

export function useInviteCoteacher(id: string) {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/classes/{id}/invitations", path(id))) });
}

export function useFramework() {
  return useQuery({ queryKey: ["framework"], queryFn: () => unwrap(api.GET("/api/v1/framework")), staleTime: Infinity });
}

export function usePositionGrid(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { date: string; cells: Cell[] }) => unwrap(api.PUT("/api/v1/classes/{id}/grid", { ...path(id), body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes", id] }),
  });
}

/** One competence's grid as it stands: each pupil's latest level and its date on each item
 * (refetched after a save: usePositionGrid invalidates the class's queries). */
export function useGrid(id: string, competenceId: string) {
  return useQuery({
    queryKey: ["classes", id, "grid", competenceId],
    queryFn: () => unwrap(api.GET("/api/v1/classes/{id}/grid", { params: { path: { id }, query: { competence_id: competenceId } } })),
    enabled: competenceId !== "",
  });
}

export function useClassView(id: string) {
  return useQuery({ queryKey: ["classes", id, "view"], queryFn: () => unwrap(api.GET("/api/v1/classes/{id}/competences", path(id))) });
}

export function useReperes(id: string, period: Period | "") {
  return useQuery({
    queryKey: ["classes", id, "reperes", period],
    queryFn: () => unwrap(api.GET("/api/v1/classes/{id}/reperes/{period}", { params: { path: { id, period: period as Period } } })),
    enabled: period !== "",
  });
}

export function useRecordReperes(id: string, period: Period) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scores: Score[]) =>
      unwrap(api.PUT("/api/v1/classes/{id}/reperes/{period}", { params: { path: { id, period } }, body: { scores } })),
    onSuccess: (profile) => client.setQueryData(["classes", id, "reperes", period], profile),
  });
}

/** A pupil's positionings (the query also names the pupil in the breadcrumb: routes.tsx). */
export const pupilHistoryQuery = (id: string, pupilId: string) => queryOptions({
  queryKey: ["classes", id, "pupils", pupilId, "history"],
  queryFn: () => unwrap(api.GET("/api/v1/classes/{id}/pupils/{pupil_id}/positionings", pupilPath(id, pupilId))),
});

export function usePupilHistory(id: string, pupilId: string) {
  return useQuery(pupilHistoryQuery(id, pupilId));
}

export function useParentLinks(id: string, pupilId: string) {
  return useQuery({
    queryKey: ["classes", id, "pupils", pupilId, "parents"],
    queryFn: () => unwrap(api.GET("/api/v1/classes/{id}/pupils/{pupil_id}/parents", pupilPath(id, pupilId))),
  });
}

export function useInviteParent(id: string, pupilId: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/classes/{id}/pupils/{pupil_id}/parent-invitations", pupilPath(id, pupilId))),
  });
}

export function useRevokeParent(id: string, pupilId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (link_id: string) =>
      unwrap(api.DELETE("/api/v1/classes/{id}/pupils/{pupil_id}/parents/{link_id}", { params: { path: { id, pupil_id: pupilId, link_id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes", id, "pupils", pupilId, "parents"] }),
  });
}

export type ExportKind = "json" | "csv" | "pdf";

/** The class's export as a file the browser saves (the API wants the bearer token: no plain link). */
export function useExport(id: string) {
  return useMutation({
    mutationFn: async (kind: ExportKind) => {
      let blob: Blob;
      if (kind === "json") {
        const data = await unwrap(api.GET("/api/v1/classes/{id}/export", path(id)));
        blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      } else if (kind === "csv") {
        blob = await unwrap(api.GET("/api/v1/classes/{id}/export.csv", { ...path(id), parseAs: "blob" })) as Blob;
      } else {
        blob = await unwrap(api.GET("/api/v1/classes/{id}/reports.pdf", { ...path(id), parseAs: "blob" })) as Blob;
      }
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = kind === "pdf" ? `bilans-classe-${id}.pdf` : `classe-${id}.${kind}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return kind;
    },
  });
}

/** The start of a school year: the pupils of another of my classes (last year's CP) join this one. */
export function useCopyPupils(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (fromClassId: string) =>
      unwrap(api.POST("/api/v1/classes/{id}/pupils/copy", { ...path(id), body: { from_class_id: fromClassId } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes"] }),
  });
}

/** The end of a school year: the class is kept, read-only. */
export function useArchiveClass(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/classes/{id}/archive", path(id))),
    onSuccess: () => client.invalidateQueries({ queryKey: ["classes"] }),
  });
}

/** Who did what on the class's data (its audit log), newest first. */
export function useClassAudit(id: string) {
  return useQuery({
    queryKey: ["classes", id, "audit"],
    queryFn: () => unwrap(api.GET("/api/v1/classes/{id}/audit", { params: { path: { id }, query: { limit: 20 } } })),
  });
}
