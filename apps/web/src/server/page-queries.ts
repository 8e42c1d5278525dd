import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { ApiContext, AppRouter } from "@dockmaster/api";
import { currentPageRequest } from "./page-request";

export interface PagePrefetch {
  trpc: TRPCOptionsProxy<AppRouter>;
  queryClient: QueryClient;
  /** The request's context: its actor decides what is worth asking (a denial would only be audited twice). */
  ctx: ApiContext;
}

/**
 * For a server component: runs `prefetch` against the API in-process, as the signed-in caller of
 * the page request, and returns what it read for a HydrationBoundary — the browser's query cache
 * starts with it, so those queries are on screen with the HTML and never wait for a round trip.
 * Null outside a request (`next build` prerendering a static page). Failed queries are left out:
 * the browser asks again and shows the error as it always does.
 */
export async function prefetchForPage(prefetch: (api: PagePrefetch) => Promise<unknown>): Promise<DehydratedState | null> {
  const request = currentPageRequest();
  if (!request) return null;
  const ctx = await request.context();
  const queryClient = new QueryClient();
  await prefetch({ trpc: createTRPCOptionsProxy<AppRouter>({ router: request.router, ctx, queryClient }), queryClient, ctx });
  return dehydrate(queryClient);
}
