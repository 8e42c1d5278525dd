import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, appErrorFromProtocol } from "@dockmaster/core";
import { StreamEnd, StreamFrames, StreamFramesEnvelope, StreamParams, type ProtocolError, type StreamParamsOf, type StreamType } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";
import type { ClusterBus } from "./cluster-bus";
import type { Logger } from "./logger";

/** Where a stream's output goes (a browser socket, or a test). `frames` resolving = consumed. */
export interface StreamSink {
  frames(frames: unknown[]): Promise<void>;
  end(end: StreamEnd): void;
}

/** The opener's handle on a running stream. */
export interface StreamHandle {
  readonly streamId: string;
  input(data: Uint8Array): Promise<void>;
  endInput(): void;
  resize(cols: number, rows: number): void;
  cancel(): void;
  /** Ends the stream on the reader's side with `error` (e.g. the reader was too slow); the agent is told to stop. */
  abort(error: ProtocolError): void;
}

/**
 * A refused batch of frames, and whose fault it is. Only the agent's own faults (a malformed
 * batch or frame) count toward its quarantine; a reader that went away or was too slow, or a
 * stream that just ended while frames were on their way, is no fault of the agent's.
 */
export type FramesRefusal = { ok: false; error: string; agentFault: boolean };

interface Open {
  hostId: string;
  type: StreamType;
  sink: StreamSink;
  /** Opened through this instance's own socket of the agent (not through another instance). */
  local: boolean;
}

const OPEN_TIMEOUT_MS = 15_000;
const INPUT_TIMEOUT_MS = 30_000;
/** A forwarded batch waits as long as the browser's own ack may take (ui-streams), plus slack. */
const FORWARD_TIMEOUT_MS = 65_000;
/** Stream ids carry their opener's instance id, so the agent's instance knows where frames go. */
const OWNER_SEPARATOR = "~";
const HostFrames = z.object({ hostId: z.string(), raw: z.unknown() });

/**
 * Relays streams between openers and agents. Frames from an agent are accepted only for streams
 * that agent's host owns, each validated against its stream type; the agent's ack waits until the
 * sink consumed them, so a slow reader slows the container's output instead of filling memory.
 */
export class StreamRelay {
  private readonly streams = new Map<string, Open>();
  private bus: ClusterBus | undefined;

  constructor(
    private readonly hub: SocketAgentHub,
    private readonly log: Logger,
  ) {}

  /**
   * Scale-out: a browser on this instance may read a stream of an agent held by another one. That
   * instance forwards the agent's frames here (and waits for our ack, which keeps backpressure
   * end to end); when the agent leaves it, streams opened through it end.
   */
  useCluster(bus: ClusterBus): void {
    this.bus = bus;
    bus.handle("stream:frames", async (payload) => {
      const batch = HostFrames.safeParse(payload);
      return batch.success ? this.framesFrom(batch.data.hostId, batch.data.raw, true) : { ok: false, error: "malformed forward", agentFault: false };
    });
    bus.handle("stream:end", (payload) => {
      const end = HostFrames.safeParse(payload);
      if (end.success) this.endFrom(end.data.hostId, end.data.raw, true);
      return Promise.resolve(null);
    });
    bus.on("stream:hostGone", (hostId: unknown, instanceId: unknown) => {
      if (typeof hostId === "string" && instanceId !== bus.instanceId) this.endAll(hostId, false);
    });
  }

  /** The instance that opened a stream, if its id names another one. */
  private remoteOwner(streamId: string): string | undefined {
    const owner = streamId.split(OWNER_SEPARATOR, 1)[0];
    return this.bus?.clustered && streamId.includes(OWNER_SEPARATOR) && owner && owner !== this.bus.instanceId ? owner : undefined;
  }

  get openCount(): number {
    return this.streams.size;
  }

  async open<T extends StreamType>(hostId: string, type: T, params: StreamParamsOf<T>, sink: StreamSink): Promise<StreamHandle> {
    const checked = StreamParams[type].safeParse(params);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new AppError("BAD_REQUEST", `invalid ${type} params: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`);
    }
    const channel = this.hub.channelOf(hostId);
    if (!channel) throw await this.hub.offlineError(hostId);
    const streamId = this.bus?.clustered ? `${this.bus.instanceId}${OWNER_SEPARATOR}${randomUUID()}` : randomUUID();
    this.streams.set(streamId, { hostId, type, sink, local: channel.local });
    let ack: { ok?: unknown; error?: { code: string; message: string } };
    try {
      ack = (await channel.ask("stream:open", { streamId, type, params: checked.data }, OPEN_TIMEOUT_MS, `opening ${type}`)) as typeof ack;
    } catch (error) {
      this.streams.delete(streamId);
      throw error;
    }
    if (ack.ok !== true) {
      this.streams.delete(streamId);
      const error = StreamEnd.safeParse({ streamId, ok: false, error: ack.error });
      throw error.success && !error.data.ok ? appErrorFromProtocol(error.data.error) : new AppError("BAD_GATEWAY", `host ${hostId} refused ${type} without a reason`);
    }
    const current = () => (this.streams.has(streamId) ? this.hub.channelOf(hostId) : undefined);
    return {
      streamId,
      input: async (data) => {
        const agent = current();
        if (!agent) throw new AppError("PRECONDITION_FAILED", "the stream has ended");
        let reply: { ok?: unknown; error?: { message?: string } };
        try {
          reply = (await agent.ask("stream:input", { streamId, data }, INPUT_TIMEOUT_MS, "stream input")) as typeof reply;
        } catch {
          throw new AppError("TIMEOUT", "the host did not take the input in time");
        }
        if (reply.ok !== true) throw new AppError("BAD_REQUEST", reply.error?.message ?? "input refused");
      },
      endInput: () => void current()?.tell("stream:inputEnd", { streamId }),
      resize: (cols, rows) => void current()?.tell("stream:resize", { streamId, cols, rows }),
      cancel: () => {
        current()?.tell("stream:cancel", { streamId });
        const open = this.streams.get(streamId);
        this.streams.delete(streamId);
        open?.sink.end({ streamId, ok: true, result: { cancelled: true } });
      },
      abort: (error) => {
        current()?.tell("stream:cancel", { streamId });
        this.finish(streamId, { streamId, ok: false, error });
      },
    };
  }

  /** A batch of frames from `hostId`'s agent; answers the agent's ack once the sink took them. */
  async framesFrom(hostId: string, raw: unknown, forwarded = false): Promise<{ ok: true } | FramesRefusal> {
    const batch = StreamFramesEnvelope.safeParse(raw);
    if (!batch.success) return { ok: false, error: "malformed stream frames", agentFault: true };
    const owner = forwarded ? undefined : this.remoteOwner(batch.data.streamId);
    if (owner) return this.forward(owner, "stream:frames", hostId, raw);
    const open = this.streams.get(batch.data.streamId);
    // Most often a stream the reader just closed, with frames still on their way: not a fault.
    if (!open || open.hostId !== hostId) return { ok: false, error: "no such stream", agentFault: false };
    const schema = StreamFrames[open.type];
    for (const frame of batch.data.frames) {
      if (!schema.safeParse(frame).success) {
        this.log.warn("malformed stream frame; stream closed", { hostId, type: open.type });
        this.finish(batch.data.streamId, { streamId: batch.data.streamId, ok: false, error: { code: "INTERNAL", message: `host sent a malformed ${open.type} frame` } });
        return { ok: false, error: "malformed frame", agentFault: true };
      }
    }
    try {
      await open.sink.frames(batch.data.frames);
      return { ok: true };
    } catch {
      return { ok: false, error: "the reader went away", agentFault: false };
    }
  }

  endFrom(hostId: string, raw: unknown, forwarded = false): void {
    const end = StreamEnd.safeParse(raw);
    if (!end.success) return;
    const owner = forwarded ? undefined : this.remoteOwner(end.data.streamId);
    if (owner) return void this.forward(owner, "stream:end", hostId, raw);
    const open = this.streams.get(end.data.streamId);
    if (open && open.hostId === hostId) this.finish(end.data.streamId, end.data);
  }

  /** Hands an agent's frames (or end) to the instance whose browser reads the stream. */
  private async forward(owner: string, topic: string, hostId: string, raw: unknown): Promise<{ ok: true } | FramesRefusal> {
    try {
      const answer = (await this.bus!.call(owner, topic, { hostId, raw }, FORWARD_TIMEOUT_MS)) as { ok?: unknown; error?: unknown; agentFault?: unknown } | null;
      return answer?.ok === true ? { ok: true } : { ok: false, error: typeof answer?.error === "string" ? answer.error : "the reader went away", agentFault: answer?.agentFault === true };
    } catch (error) {
      this.log.warn("stream forward failed", { hostId, owner, error: String(error) });
      return { ok: false, error: "the reader's instance did not answer", agentFault: false };
    }
  }

  /** The host's agent disconnected from this instance: every stream it served ends with an error. */
  hostGone(hostId: string): void {
    this.endAll(hostId, true);
    // Streams other instances opened through this agent socket end too.
    if (this.bus?.clustered) this.bus.publish("stream:hostGone", hostId, this.bus.instanceId);
  }

  private endAll(hostId: string, local: boolean): void {
    for (const [streamId, open] of this.streams) {
      if (open.hostId === hostId && open.local === local) this.finish(streamId, { streamId, ok: false, error: { code: "HOST_OFFLINE", message: "the host's agent disconnected" } });
    }
  }

  private finish(streamId: string, end: StreamEnd): void {
    const open = this.streams.get(streamId);
    if (!open) return;
    this.streams.delete(streamId);
    open.sink.end(end);
  }
}
