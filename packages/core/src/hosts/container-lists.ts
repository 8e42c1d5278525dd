import type { ContainerSummary } from "@dockmaster/protocol";

/**
 * The last container list of each host, answered from memory while it is fresh. A host's entry
 * is dropped on every container event the host relays, on every Docker action sent to it and when
 * its agent comes or goes — so what it answers is what the engine would say, except the relative
 * "Up 5 minutes" texts, which may be up to `ttlMs` old.
 */
export class ContainerListCache {
  private readonly entries = new Map<string, { at: number; list: Promise<ContainerSummary[]>; generation: number }>();
  private generation = 0;

  constructor(private readonly ttlMs = 2_000) {}

  get(hostId: string, load: () => Promise<ContainerSummary[]>): Promise<ContainerSummary[]> {
    const hit = this.entries.get(hostId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.list;
    const generation = ++this.generation;
    const list = load();
    this.entries.set(hostId, { at: Date.now(), list, generation });
    // A failed load is not remembered; nor one that an invalidation overtook.
    list.catch(() => {
      if (this.entries.get(hostId)?.generation === generation) this.entries.delete(hostId);
    });
    return list;
  }

  invalidate(hostId: string): void {
    this.entries.delete(hostId);
  }
}
