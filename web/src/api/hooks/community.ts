/** Data hooks of the community: groups, discussions, the charter and moderation (TanStack Query
 * over the typed client). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components } from "../schema";

type S = components["schemas"];
export type Group = S["community.Group"];
export type Thread = S["community.Thread"];
export type FollowedThread = S["community.FollowedThread"];
export type Post = S["community.Post"];
export type Person = S["community.Person"];
export type Reaction = S["community.Reaction"];
export type ReportReason = S["community.ReportReason"];
export type ModerationItem = S["community.ModerationItem"];
export type ModerationAction = S["community.ModerationAction"];
export type GroupMember = S["community.GroupMember"];
export type Profile = S["community.Profile"];

// --- groups ------------------------------------------------------------------------------------

export const useMyGroups = () =>
  useQuery({ queryKey: ["community", "my-groups"], queryFn: () => unwrap(api.GET("/api/v1/me/groups", { params: { query: { limit: 100 } } })) });

export const useGroupSuggestions = () =>
  useQuery({ queryKey: ["community", "suggestions"], queryFn: () => unwrap(api.GET("/api/v1/me/group-suggestions")) });

export const useGroup = (id: string) =>
  useQuery({ queryKey: ["community", "group", id], queryFn: () => unwrap(api.GET("/api/v1/groups/{id}", { params: { path: { id } } })) });

/** The group's members (the first 100: enough to pick whom to mention). */
export const useGroupMembers = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ["community", "group", id, "members"],
    queryFn: () => unwrap(api.GET("/api/v1/groups/{id}/members", { params: { path: { id }, query: { state: "member", limit: 100 } } })),
    enabled,
    staleTime: 60_000,
  });

function useInvalidateGroups() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["community"] });
}

export function useMembershipChange() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: ({ id, join, message }: { id: string; join: boolean; message?: string }) =>
      unwrap(join ? api.POST("/api/v1/groups/{id}/join", { params: { path: { id } }, body: message ? { message } : {} })
                  : api.POST("/api/v1/groups/{id}/leave", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

// --- discussions -------------------------------------------------------------------------------

export const useThreads = (groupId: string, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: ["community", "group", groupId, "threads"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/groups/{id}/threads", { params: { path: { id: groupId }, query: pageParam ? { cursor: pageParam } : {} } })),
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    enabled,
  });

export function useCreateThread(groupId: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (body: { title: string; body: string; mentions?: string[] }) =>
      unwrap(api.POST("/api/v1/groups/{id}/threads", { params: { path: { id: groupId } }, body })),
    onSuccess: invalidate,
  });
}

export const useThread = (id: string) =>
  useInfiniteQuery({
    queryKey: ["community", "thread", id],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/threads/{id}", { params: { path: { id }, query: pageParam ? { cursor: pageParam } : {} } })),
    initialPageParam: "",
    getNextPageParam: (page) => page.replies.next_cursor ?? undefined,
  });

function useThreadMutation<T>(threadId: string, call: (value: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => client.invalidateQueries({ queryKey: ["community", "thread", threadId] }),
  });
}

export const useReply = (threadId: string) =>
  useThreadMutation(threadId, (body: { body: string; mentions?: string[] }) =>
    unwrap(api.POST("/api/v1/threads/{id}/replies", { params: { path: { id: threadId } }, body })));

export const useAcceptAnswer = (threadId: string) =>
  useThreadMutation(threadId, (postId: string | null) =>
    unwrap(api.PUT("/api/v1/threads/{id}/accepted-answer", { params: { path: { id: threadId } }, body: { post_id: postId } })));

export const useFollow = (threadId: string) =>
  useThreadMutation(threadId, (follow: boolean) =>
    unwrap(api.PUT("/api/v1/threads/{id}/follow", { params: { path: { id: threadId } }, body: { follow } })));

/** The discussions the member follows (and may still read), latest followed first. */
export const useFollowedThreads = () =>
  useInfiniteQuery({
    queryKey: ["community", "followed-threads"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/me/followed-threads", { params: { query: pageParam ? { cursor: pageParam } : {} } })),
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

/** Stop following a discussion from the list of those one follows (the list is fetched again). */
export function useUnfollowThread() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (threadId: string) =>
      unwrap(api.PUT("/api/v1/threads/{id}/follow", { params: { path: { id: threadId } }, body: { follow: false } })),
    onSuccess: (_thread, threadId) => Promise.all([
      client.invalidateQueries({ queryKey: ["community", "followed-threads"] }),
      client.invalidateQueries({ queryKey: ["community", "thread", threadId] }),
    ]),
  });
}

export const useReact = (threadId: string) =>
  useThreadMutation(threadId, ({ postId, reaction, active }: { postId: string; reaction: Reaction; active: boolean }) =>
    unwrap(api.PUT("/api/v1/posts/{id}/reactions", { params: { path: { id: postId } }, body: { reaction, active } })));

export const useEditPost = (threadId: string) =>
  useThreadMutation(threadId, ({ postId, body }: { postId: string; body: string }) =>
    unwrap(api.PATCH("/api/v1/posts/{id}", { params: { path: { id: postId } }, body: { body } })));

export const useDeletePost = (threadId: string) =>
  useThreadMutation(threadId, (postId: string) =>
    unwrap(api.DELETE("/api/v1/posts/{id}", { params: { path: { id: postId } } })));

/** Pin or lock a thread (its group's moderators and owners, admins). */
export const useThreadState = (threadId: string) =>
  useThreadMutation(threadId, (state: { pinned?: boolean; locked?: boolean }) =>
    unwrap(api.PATCH("/api/v1/threads/{id}", { params: { path: { id: threadId } }, body: state })));

export const useReport = () =>
  useMutation({
    mutationFn: (body: { id: string; reason: ReportReason; details?: string }) =>
      unwrap(api.POST("/api/v1/reports", { body: { kind: "post", ...body } })),
  });

// --- the charter -------------------------------------------------------------------------------

export const useCharter = () =>
  useQuery({ queryKey: ["community", "charter"], queryFn: () => unwrap(api.GET("/api/v1/charter")), staleTime: 60_000 });

export function useAcceptCharter() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.POST("/api/v1/me/charter", { body: { version } })),
    onSuccess: invalidate,
  });
}

// --- moderation --------------------------------------------------------------------------------

/** `groupId` "": the platform's (admins). */
const scope = (groupId: string, cursor: string) => ({ ...(groupId ? { group_id: groupId } : {}), ...(cursor ? { cursor } : {}) });

export const useModerationQueue = (groupId: string, state: "open" | "resolved", enabled: boolean) =>
  useInfiniteQuery({
    queryKey: ["community", "moderation", "queue", groupId, state],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/moderation/queue", { params: { query: { state, ...scope(groupId, pageParam) } } })),
    enabled,
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export const useModerationLog = (groupId: string, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: ["community", "moderation", "log", groupId],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/moderation/log", { params: { query: scope(groupId, pageParam) } })),
    enabled,
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export function useModerate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: ModerationItem["kind"]; id: string; action: ModerationAction; reason?: string }) =>
      unwrap(api.POST("/api/v1/moderation/decisions", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["community", "moderation"] }),
  });
}

// --- running a group (its owners and moderators, and admins) -----------------------------------

export type GroupAccess = S["community.GroupAccess"];
export type GroupRole = S["community.GroupRole"];

export function useCreateGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (body: { name: string; description: string; access: GroupAccess }) =>
      unwrap(api.POST("/api/v1/groups", { body })),
    onSuccess: invalidate,
  });
}

/** The group's members in one state: the requests waiting, or the members with their roles. */
export const useGroupPeople = (id: string, state: "member" | "requested", enabled: boolean) =>
  useQuery({
    queryKey: ["community", "group", id, "people", state],
    queryFn: () => unwrap(api.GET("/api/v1/groups/{id}/members", { params: { path: { id }, query: { state, limit: 100 } } })),
    enabled,
  });

export function useDecideMembership(groupId: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: ({ memberId, accept }: { memberId: string; accept: boolean }) =>
      unwrap(api.POST("/api/v1/groups/{id}/requests/{member_id}", { params: { path: { id: groupId, member_id: memberId } }, body: { accept } })),
    onSuccess: invalidate,
  });
}

export function useSetGroupRole(groupId: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: GroupRole }) =>
      unwrap(api.PUT("/api/v1/groups/{id}/members/{member_id}/role", { params: { path: { id: groupId, member_id: memberId } }, body: { role } })),
    onSuccess: invalidate,
  });
}

/** The member directory searched by name (to invite them, or for admins to manage them). */
export function useMemberSearch(name: string) {
  const q = name.trim();
  return useQuery({
    queryKey: ["members", q],
    queryFn: () => unwrap(api.GET("/api/v1/members", { params: { query: { name: q, limit: 20 } } })),
    enabled: q.length >= 2,
  });
}

/** A member's profile as the caller may see it (a field they hide is null and named in `hidden`). */
export const useMemberProfile = (id: string) =>
  useQuery({ queryKey: ["member-profile", id], queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id } } })) });

export function useInvite(groupId: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (memberId: string) =>
      unwrap(api.POST("/api/v1/groups/{id}/invitations", { params: { path: { id: groupId } }, body: { member_id: memberId } })),
    onSuccess: invalidate,
  });
}
