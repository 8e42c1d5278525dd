import type { ReactNode } from "react";
import type { Metadata } from "next";
import { can } from "@dockmaster/core";
import { prefetchForPage } from "./page-queries";

/*
 * Every page names itself in its title ("Images · host-a · Dockmaster"). Most pages are client
 * components, which cannot export metadata: a small server layout next to them does, with
 * `TitleOnly` as its (pass-through) component. The product name is added here rather than by the
 * root layout's title template: Next drops that template below a segment that sets its own title
 * (a container's logs sit under the host's containers), so each title is given whole (`absolute`).
 */

/** The metadata of a page called `name`. */
export function pageTitle(name: string): Metadata {
  return { title: { absolute: `${name} · Dockmaster` } };
}

/** A layout that only gives its segment a title. */
export function TitleOnly({ children }: { children: ReactNode }): ReactNode {
  return children;
}

/** The names a host page's title shows, read as the signed-in user (nothing they may not view). */
async function namesFor(hostId: string, containerId?: string): Promise<{ host: string | null; container: string | null }> {
  const names = { host: null as string | null, container: null as string | null };
  await prefetchForPage(async ({ trpc, queryClient, ctx }) => {
    // Asked only when allowed: a refused call would be audited as a denial for a mere title.
    if (!can(ctx.actor, "host.view", hostId)) return;
    names.host = (await queryClient.fetchQuery(trpc.hosts.get.queryOptions({ hostId })).catch(() => null))?.name ?? null;
    if (!containerId || !can(ctx.actor, "container.view", hostId)) return;
    const found = await queryClient.fetchQuery(trpc.fleet.containers.queryOptions({ hosts: [hostId], search: containerId, pageSize: 5 })).catch(() => null);
    names.container = found?.rows.find((r) => r.id === containerId || r.id.startsWith(containerId))?.name ?? null;
  });
  return names;
}

type HostParams = { params: Promise<{ hostId: string; containerId?: string }> };

/** `generateMetadata` for a host's tab: "Images · host-a", or for a container's: "Logs · web · host-a". */
export function hostPageTitle(tab: string): (props: HostParams) => Promise<Metadata> {
  return async ({ params }) => {
    const { hostId, containerId } = await params;
    const names = await namesFor(hostId, containerId);
    const container = containerId ? [names.container ?? containerId.slice(0, 12)] : [];
    return pageTitle([tab, ...container, names.host ?? "Host"].join(" · "));
  };
}
