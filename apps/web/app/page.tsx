import { HydrationBoundary } from "@tanstack/react-query";
import { connection } from "next/server";
import { prefetchForPage } from "../src/server/page-queries";
import { pageTitle } from "../src/server/page-title";
import { OverviewPage } from "../src/client/overview/OverviewPage";

export const metadata = pageTitle("Overview");

/**
 * Where everyone lands after sign-in: the fleet overview. Rendered per request with its figures
 * read on the server (fleet.overview, as the signed-in user), so they are on screen with the HTML;
 * pushes keep them current afterwards. The host table is at /hosts.
 */
export default async function HomePage() {
  await connection();
  const state = await prefetchForPage(async ({ trpc, queryClient, ctx }) => {
    // Asked only when allowed: the browser shows the notice, and a refusal would be audited as a denial.
    if (!ctx.actor || ctx.actor.mustSetUpTwoFactor || !ctx.actor.access.canAnywhere("host.view")) return;
    await queryClient.prefetchQuery(trpc.fleet.overview.queryOptions());
  });
  return (
    <HydrationBoundary state={state ?? undefined}>
      <OverviewPage />
    </HydrationBoundary>
  );
}
