/** A page with an id named by its data in the breadcrumb (a class by its name, rather than
 * "Classe"), in its own segment and in those of the pages under it. The name is read from the
 * query the page itself makes (same key: TanStack Query shares it), so naming a page costs no
 * request when it or a page under it has fetched its data already.
 * Naming a page: `name: nameFrom((params) => itsQuery(params.id), (data) => data.name)` in routes.tsx. */
import { useQueries, type QueryFunction, type QueryKey, type SkipToken, type UseQueryOptions } from "@tanstack/react-query";
import type { Params } from "react-router";

type RouteParams = Readonly<Params<string>>;

/** The query that names a page, its answer turned into the name (`select`). */
export type RouteName = (params: RouteParams) => UseQueryOptions<unknown, Error, string, QueryKey>;

export function nameFrom<T>(query: (params: RouteParams) => { queryKey: QueryKey; queryFn?: QueryFunction<T, never, never> | SkipToken },
  pick: (data: T) => string): RouteName {
  return (params) => ({ ...query(params), select: (data) => pick(data as T) }) as UseQueryOptions<unknown, Error, string, QueryKey>;
}

type Named = { id: string; signedIn: boolean; name?: RouteName };

/** The names of those of `routes` that have one (undefined while loading, or if it cannot be read:
 * the breadcrumb then says the route's title). A page for members is named only once signed in. */
export function useRouteNames(routes: Named[], params: RouteParams, signedIn: boolean): (routeId: string) => string | undefined {
  const named = routes.filter((r) => r.name);
  const names = useQueries({
    queries: named.map((r) => ({
      ...r.name!(params),
      enabled: signedIn || !r.signedIn,
      // the page refreshes its data as it needs; the breadcrumb alone never asks again
      staleTime: Infinity,
    })),
  });
  return (routeId) => names[named.findIndex((r) => r.id === routeId)]?.data;
}
