import { pageTitle } from "../../src/server/page-title";
import { HostsPage } from "../../src/client/hosts/HostsPage";
import { hostStatusFilterOf } from "../../src/client/hosts/status-filter";

export const metadata = pageTitle("Hosts");

/** The host table; `?status=offline` (online, degraded, revoked) lists only those: the overview links here. */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <HostsPage initialStatus={hostStatusFilterOf((await searchParams).status)} />;
}
