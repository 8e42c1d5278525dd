/**
 * The tabs of a host page, each with the permission its page needs on that host (what it asks the
 * server for): the host layout shows a tab only to a user who holds it, and a tab reached by its
 * URL without it shows a notice instead of asking — a refused call is a denial in the audit trail.
 */
export type HostTab = { label: string; path: string; needs: string };

export const HOST_TABS: readonly HostTab[] = [
  { label: "Overview", path: "/overview", needs: "host.view" }, // hosts.get, hosts.history
  { label: "Containers", path: "", needs: "container.view" }, // containers.list (also at /containers)
  { label: "Stacks", path: "/stacks", needs: "stack.view" }, // stacks.list for the host (managed and external)
  { label: "Images", path: "/images", needs: "image.view" },
  { label: "Networks", path: "/networks", needs: "network.view" },
  { label: "Volumes", path: "/volumes", needs: "volume.view" },
  { label: "Stats", path: "/stats", needs: "container.view" }, // the host.stats stream
  { label: "Engine", path: "/engine", needs: "host.view" }, // engine.info, engine.df
  { label: "Events", path: "/events", needs: "host.view" }, // events.list
];

/** The tab a path under `base` (/hosts/<id>) belongs to; Containers owns the host's own path and its container pages. */
export function hostTabAt(base: string, pathname: string): HostTab | undefined {
  return HOST_TABS.find((t) => (t.path === "" ? pathname === base || pathname.startsWith(`${base}/containers`) : pathname.startsWith(`${base}${t.path}`)));
}
