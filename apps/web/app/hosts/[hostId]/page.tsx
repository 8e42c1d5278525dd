import { ContainersTable } from "../../../src/client/components/ContainersTable";
import { hostPageTitle } from "../../../src/server/page-title";

export const generateMetadata = hostPageTitle("Containers");

/** The host's default tab: containers (also served at /hosts/[hostId]/containers). */
export default async function HostContainersPage({ params }: { params: Promise<{ hostId: string }> }) {
  return <ContainersTable hostId={(await params).hostId} />;
}
