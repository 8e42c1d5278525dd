import type { Engine, RawEngineEvent } from "@dockmaster/docker";
import { MAX_STATE_MESSAGE_BYTES, type EngineInfo, type HostStateDeltaInput, type HostStateFull, type SnapshotInfo } from "@dockmaster/protocol";
import type { AgentLog } from "./log";

/** Sends one state message and resolves with whether the server acknowledged storing it. */
export interface StateSender {
  full(state: HostStateFull): Promise<boolean>;
  delta(delta: HostStateDeltaInput): Promise<boolean>;
}

/** Container events that do not change a container's list entry (exec, attach, resize … are frequent). */
const IGNORED_CONTAINER_ACTIONS = /^(exec_|attach|detach|resize|top|archive-path|extract-to-dir|copy|export)/;
/** Volume mount/unmount happen on every start and stop; they change nothing in the volume list. */
const IGNORED_VOLUME_ACTIONS = new Set(["mount", "unmount"]);

type ListKind = "images" | "networks" | "volumes";

/**
 * Listing volumes runs `system df` (the only place the engine measures them), which walks every
 * volume. A burst of volume events (a prune, `compose down -v`) is listed once, when it is quiet
 * for the debounce window — or after this long, so a steady stream still refreshes the list.
 */
const VOLUME_BURST_MAX_WAIT_MS = 2_000;

function snapshotInfo(info: EngineInfo): SnapshotInfo {
  const { name, serverVersion, apiVersion, operatingSystem, architecture, kernelVersion, cpus, memTotal, containers, containersRunning, containersPaused, containersStopped, images } = info;
  return { name, serverVersion, apiVersion, operatingSystem, architecture, kernelVersion, cpus, memTotal, containers, containersRunning, containersPaused, containersStopped, images };
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Labels are the bulk of a big state and the least needed: dropped when the message would be too large. */
function withoutLabels(state: HostStateFull): HostStateFull {
  return {
    ...state,
    containers: state.containers.map((c) => ({ ...c, labels: {} })),
    networks: state.networks.map((n) => ({ ...n, labels: {}, options: {} })),
    volumes: state.volumes.map((v) => ({ ...v, labels: {}, options: {} })),
  };
}

/**
 * Keeps the control plane's snapshot of this host current: the full state on every accepted
 * connection and after a gap in the event stream, then per-container deltas from engine events,
 * coalesced over a short window (a `docker run` is create + network connect + start). Messages go
 * out one at a time, each after the previous one's acknowledgement, so they apply in order.
 */
export class StateSync {
  private sender: StateSender | null = null;
  private readonly dirtyContainers = new Set<string>();
  private readonly dirtyLists = new Set<ListKind>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Set by a failed send or a gap: the next message must be a full state. */
  private needFull: string | null = null;
  /** The volume events not yet listed: when the first and the last came. */
  private volumeBurst: { first: number; last: number } | null = null;

  constructor(
    private readonly engine: Engine,
    relay: { onEngineEvent(listener: (event: RawEngineEvent) => void): unknown; onGap(listener: (reason: string) => void): unknown },
    private readonly log: AgentLog,
    private readonly debounceMs = 150,
  ) {
    relay.onEngineEvent((event) => this.onEvent(event));
    relay.onGap((reason) => this.resync(`event gap: ${reason}`));
  }

  /** A connection was accepted: send everything now, deltas after. */
  connected(sender: StateSender): void {
    this.sender = sender;
    this.resync("connected");
  }

  disconnected(): void {
    this.sender = null;
  }

  /** Re-reads and sends the whole state (dropping pending deltas, which it covers). */
  resync(reason: string): void {
    this.needFull = reason;
    this.clearTimer();
    this.enqueue(() => this.sendFull(reason));
  }

  /** Waits until everything queued so far was sent (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private onEvent(event: RawEngineEvent): void {
    if (event.type === "container" && !IGNORED_CONTAINER_ACTIONS.test(event.action)) {
      // `container prune` reports itself as a container event with no actor id; each container it
      // removed has its own destroy event. An empty id is never an entry to upsert or remove.
      if (!event.actorId) return;
      this.dirtyContainers.add(event.actorId);
    }
    else if (event.type === "image") this.dirtyLists.add("images");
    else if (event.type === "network") this.dirtyLists.add("networks");
    else if (event.type === "volume" && !IGNORED_VOLUME_ACTIONS.has(event.action)) {
      this.dirtyLists.add("volumes");
      const now = Date.now();
      this.volumeBurst = { first: this.volumeBurst?.first ?? now, last: now };
    } else return;
    this.arm(this.debounceMs);
  }

  private arm(delayMs: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.enqueue(() => this.sendDelta());
    }, delayMs);
  }

  /** How long the volume list must still wait for its burst to end (0: list it now). */
  private volumeWaitMs(): number {
    const burst = this.volumeBurst;
    if (!burst) return 0;
    const now = Date.now();
    if (now - burst.first >= VOLUME_BURST_MAX_WAIT_MS) return 0;
    return Math.max(0, burst.last + this.debounceMs - now);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.log.warn("state sync failed", { error: String(error) }));
  }

  private async sendFull(reason: string): Promise<void> {
    const sender = this.sender;
    if (!sender || this.needFull !== reason) return; // not connected (the next connection sends it), or a newer resync is queued
    this.dirtyContainers.clear();
    this.dirtyLists.clear();
    this.volumeBurst = null;
    const [info, containers, images, networks, volumes] = await Promise.all([
      this.engine.info(),
      this.engine.listContainers({ all: true }),
      this.engine.listImages(),
      this.engine.listNetworks(),
      this.engine.listVolumes(),
    ]);
    let state: HostStateFull = { reason, takenAt: Date.now(), info: snapshotInfo(info), containers, images, networks, volumes };
    if (bytes(state) > MAX_STATE_MESSAGE_BYTES) {
      this.log.warn("host state too large for one message; sending it without labels", { containers: containers.length, bytes: bytes(state) });
      state = withoutLabels(state);
    }
    if (bytes(state) > MAX_STATE_MESSAGE_BYTES) {
      this.log.error("host state too large to send even without labels; the control plane keeps its previous snapshot", { containers: containers.length, bytes: bytes(state) });
      this.needFull = null;
      return;
    }
    const ok = await sender.full(state);
    if (ok && this.needFull === reason) this.needFull = null;
    if (!ok) this.log.warn("full state not acknowledged; resent on the next connection", { reason });
  }

  private async sendDelta(): Promise<void> {
    const sender = this.sender;
    if (!sender || this.needFull !== null) return; // a full state (now or on reconnect) covers it
    const ids = [...this.dirtyContainers];
    const volumeWaitMs = this.volumeWaitMs();
    // Volumes still arriving stay dirty for a later round; everything else goes now.
    const lists = [...this.dirtyLists].filter((kind) => kind !== "volumes" || volumeWaitMs === 0);
    this.dirtyContainers.clear();
    for (const kind of lists) this.dirtyLists.delete(kind);
    if (lists.includes("volumes")) this.volumeBurst = null;
    if (this.dirtyLists.has("volumes")) this.arm(volumeWaitMs);
    if (ids.length === 0 && lists.length === 0) return;
    const delta: HostStateDeltaInput = {};
    if (ids.length > 0) {
      // One list call whatever the number of changed containers; the ones missing were destroyed.
      const byId = new Map((await this.engine.listContainers({ all: true })).map((c) => [c.id, c]));
      delta.upsert = ids.flatMap((id) => byId.get(id) ?? []);
      delta.remove = ids.filter((id) => !byId.has(id));
    }
    if (lists.includes("images")) delta.images = await this.engine.listImages();
    if (lists.includes("networks")) delta.networks = await this.engine.listNetworks();
    if (lists.includes("volumes")) delta.volumes = await this.engine.listVolumes();
    if (bytes(delta) > MAX_STATE_MESSAGE_BYTES) return this.resync("delta too large for one message");
    if (!(await sender.delta(delta))) {
      this.log.warn("state delta not acknowledged; sending the full state instead");
      this.resync("delta not acknowledged");
    }
  }
}
