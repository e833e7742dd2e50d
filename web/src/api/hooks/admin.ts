/** Data hooks of the administrators' pages. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, unwrap } from "../client";

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
