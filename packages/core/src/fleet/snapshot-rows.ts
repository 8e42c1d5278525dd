import type { ContainerSummary, PortBinding } from "@dockmaster/protocol";

/** Published ports as searchable text, e.g. "127.0.0.1:8080->80/tcp, 443/tcp" (each binding once). */
export function portsText(ports: readonly PortBinding[]): string {
  const texts = ports.map((p) => (p.publicPort ? `${p.ip ?? "0.0.0.0"}:${p.publicPort}->${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`));
  return [...new Set(texts)].join(", ");
}

/** A container's list entry as a SnapshotContainer row of `hostId`. */
export function snapshotRow(hostId: string, c: ContainerSummary) {
  return {
    hostId,
    containerId: c.id,
    name: c.name,
    image: c.image,
    imageId: c.imageId,
    state: c.state,
    status: c.status,
    command: c.command,
    ports: portsText(c.ports),
    labels: JSON.stringify(c.labels),
    // Copied out of the labels so the stacks list finds a project's containers by an index, not by scanning every row's labels.
    composeProject: c.labels["com.docker.compose.project"] || null,
    created: new Date(c.created * 1000),
  };
}

/** One row per container id (the last entry wins): a repeated id must not abort the whole write. */
export function uniqueById(containers: readonly ContainerSummary[]): ContainerSummary[] {
  return [...new Map(containers.map((c) => [c.id, c])).values()];
}
