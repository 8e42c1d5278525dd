import { HydrationBoundary } from "@tanstack/react-query";
import { connection } from "next/server";
import { prefetchForPage } from "../../../src/server/page-queries";
import { pageTitle } from "../../../src/server/page-title";
import { FleetContainersView } from "../../../src/client/fleet/FleetContainersView";
import { FLEET_FIRST_PAGE } from "../../../src/client/fleet/first-page";
import { filtersFromSearch } from "../../../src/client/fleet/url-filters";

/**
 * Rendered per request: the first page of containers is read on the server and sent with the HTML
 * (rows on screen before any script runs); everything after — filters, paging, live refetches — is
 * the browser's, through the same query.
 */
export const metadata = pageTitle("Containers · Fleet");

export default async function FleetContainersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  // The filters in the URL (a link, a reload): the first page is rendered with them.
  const filters = filtersFromSearch(await searchParams);
  const state = await prefetchForPage(async ({ trpc, queryClient, ctx }) => {
    // The browser shows a refusal itself (and the server audits it once, there).
    if (!ctx.actor || ctx.actor.mustSetUpTwoFactor || !ctx.actor.access.canAnywhere("container.view")) return;
    await queryClient.prefetchQuery(trpc.fleet.containers.queryOptions({ ...filters, ...FLEET_FIRST_PAGE }));
  });
  return (
    <HydrationBoundary state={state ?? undefined}>
      <FleetContainersView initialFilters={filters} />
    </HydrationBoundary>
  );
}
