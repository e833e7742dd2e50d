/** Data hooks of notifications: the inbox (cursor pages), its unread count, reading and deleting,
 * the preferences (category × channel, quiet hours) and what the member follows. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { components, operations } from "../schema";

export type Notification = components["schemas"]["notifications.Notification"];
export type Preferences = components["schemas"]["notifications.Preferences"];
export type PreferencesChange = operations["notifications.set_preferences"]["requestBody"]["content"]["application/json"];
export type Follows = components["schemas"]["notifications.Follows"];
export type FollowsChange = operations["notifications.set_follows"]["requestBody"]["content"]["application/json"];

export const UNREAD_KEY = ["notifications", "unread"] as const;
export const LIST_KEY = ["notifications", "list"] as const;

/** The count the header shows; the live stream keeps it current (live/inbox.ts). */
export function useUnreadCount(signedIn: boolean) {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/notifications/unread-count")),
    enabled: signedIn,
    staleTime: 60_000,
  });
}

export function fetchUnreadCount(client: QueryClient) {
  return client.invalidateQueries({ queryKey: UNREAD_KEY });
}

export function setUnreadCount(client: QueryClient, unread_count: number) {
  client.setQueryData(UNREAD_KEY, { unread_count });
}

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: LIST_KEY,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** After a change of the inbox: the count from the answer, the list read again. */
function useInboxMutation<T>(call: (id: T) => Promise<{ unread_count: number }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: ({ unread_count }) => setUnreadCount(client, unread_count),
    onSettled: () => client.invalidateQueries({ queryKey: LIST_KEY }),
  });
}

export const useMarkRead = () =>
  useInboxMutation(async (id: string) => {
    await unwrap(api.POST("/api/v1/notifications/{id}/read", { params: { path: { id } } }));
    return unwrap(api.GET("/api/v1/notifications/unread-count"));
  });

export const useMarkAllRead = () =>
  useInboxMutation((_: void) => unwrap(api.POST("/api/v1/notifications/read-all")));

export const useDeleteNotification = () =>
  useInboxMutation((id: string) => unwrap(api.DELETE("/api/v1/notifications/{id}", { params: { path: { id } } })));

export function usePreferences() {
  return useQuery({ queryKey: ["notifications", "preferences"], queryFn: () => unwrap(api.GET("/api/v1/me/preferences")) });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesChange) => unwrap(api.PUT("/api/v1/me/preferences", { body })),
    onSuccess: (saved) => client.setQueryData(["notifications", "preferences"], saved),
  });
}

export function useFollows() {
  return useQuery({ queryKey: ["notifications", "follows"], queryFn: () => unwrap(api.GET("/api/v1/me/follows")) });
}

export function useSetFollows() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: FollowsChange) => unwrap(api.PUT("/api/v1/me/follows", { body })),
    onSuccess: (saved) => client.setQueryData(["notifications", "follows"], saved),
  });
}

/** A ticket for the live stream (60 s, `?ticket=`; decision 34). */
export async function streamTicket(): Promise<string> {
  return (await unwrap(api.POST("/api/v1/notifications/stream-ticket"))).ticket;
}
