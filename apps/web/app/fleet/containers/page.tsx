import { HydrationBoundary } from "@tanstack/react-query";
import { connection } from "next/server";
import { prefetchForPage } from "../../../src/server/page-queries";
import { FleetContainersView } from "../../../src/client/fleet/FleetContainersView";
import { FLEET_FIRST_PAGE } from "../../../src/client/fleet/first-page";

/**
 * Rendered per request: the first page of containers is read on the server and sent with the HTML
 * (rows on screen before any script runs); everything after — filters, paging, live refetches — is
 * the browser's, through the same query.
 */
export default async function FleetContainersPage() {
  await connection();
  const state = await prefetchForPage(async ({ trpc, queryClient, ctx }) => {
    // The browser shows a refusal itself (and the server audits it once, there).
    if (!ctx.actor || ctx.actor.mustSetUpTwoFactor || !ctx.actor.access.canAnywhere("container.view")) return;
    await queryClient.prefetchQuery(trpc.fleet.containers.queryOptions(FLEET_FIRST_PAGE));
  });
  return (
    <HydrationBoundary state={state ?? undefined}>
      <FleetContainersView />
    </HydrationBoundary>
  );
}
