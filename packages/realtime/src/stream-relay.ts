import { randomUUID } from "node:crypto";
import { AppError, appErrorFromProtocol } from "@dockmaster/core";
import { StreamEnd, StreamFrames, StreamFramesEnvelope, StreamParams, type StreamParamsOf, type StreamType } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";
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
}

interface Open {
  hostId: string;
  type: StreamType;
  sink: StreamSink;
}

const OPEN_TIMEOUT_MS = 15_000;
const INPUT_TIMEOUT_MS = 30_000;

/**
 * Relays streams between openers and agents. Frames from an agent are accepted only for streams
 * that agent's host owns, each validated against its stream type; the agent's ack waits until the
 * sink consumed them, so a slow reader slows the container's output instead of filling memory.
 */
export class StreamRelay {
  private readonly streams = new Map<string, Open>();

  constructor(
    private readonly hub: SocketAgentHub,
    private readonly log: Logger,
  ) {}

  get openCount(): number {
    return this.streams.size;
  }

  async open<T extends StreamType>(hostId: string, type: T, params: StreamParamsOf<T>, sink: StreamSink): Promise<StreamHandle> {
    const checked = StreamParams[type].safeParse(params);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new AppError("BAD_REQUEST", `invalid ${type} params: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`);
    }
    const socket = this.hub.socketOf(hostId);
    if (!socket) throw new AppError("PRECONDITION_FAILED", `host ${hostId} is offline`);
    const streamId = randomUUID();
    this.streams.set(streamId, { hostId, type, sink });
    let ack: { ok?: unknown; error?: { code: string; message: string } };
    try {
      ack = (await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck("stream:open", { streamId, type, params: checked.data }));
    } catch {
      this.streams.delete(streamId);
      throw new AppError("TIMEOUT", `host ${hostId} did not open ${type} within ${OPEN_TIMEOUT_MS} ms`);
    }
    if (ack.ok !== true) {
      this.streams.delete(streamId);
      const error = StreamEnd.safeParse({ streamId, ok: false, error: ack.error });
      throw error.success && !error.data.ok ? appErrorFromProtocol(error.data.error) : new AppError("BAD_GATEWAY", `host ${hostId} refused ${type} without a reason`);
    }
    const current = () => (this.streams.has(streamId) ? this.hub.socketOf(hostId) : undefined);
    return {
      streamId,
      input: async (data) => {
        const agent = current();
        if (!agent) throw new AppError("PRECONDITION_FAILED", "the stream has ended");
        let reply: { ok?: unknown; error?: { message?: string } };
        try {
          reply = (await agent.timeout(INPUT_TIMEOUT_MS).emitWithAck("stream:input", { streamId, data }));
        } catch {
          throw new AppError("TIMEOUT", "the host did not take the input in time");
        }
        if (reply.ok !== true) throw new AppError("BAD_REQUEST", reply.error?.message ?? "input refused");
      },
      endInput: () => void current()?.emit("stream:inputEnd", { streamId }),
      resize: (cols, rows) => void current()?.emit("stream:resize", { streamId, cols, rows }),
      cancel: () => {
        current()?.emit("stream:cancel", { streamId });
        const open = this.streams.get(streamId);
        this.streams.delete(streamId);
        open?.sink.end({ streamId, ok: true, result: { cancelled: true } });
      },
    };
  }

  /** A batch of frames from `hostId`'s agent; answers the agent's ack once the sink took them. */
  async framesFrom(hostId: string, raw: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
    const batch = StreamFramesEnvelope.safeParse(raw);
    if (!batch.success) return { ok: false, error: "malformed stream frames" };
    const open = this.streams.get(batch.data.streamId);
    if (!open || open.hostId !== hostId) return { ok: false, error: "no such stream" };
    const schema = StreamFrames[open.type];
    for (const frame of batch.data.frames) {
      if (!schema.safeParse(frame).success) {
        this.log.warn("malformed stream frame; stream closed", { hostId, type: open.type });
        this.finish(batch.data.streamId, { streamId: batch.data.streamId, ok: false, error: { code: "INTERNAL", message: `host sent a malformed ${open.type} frame` } });
        return { ok: false, error: "malformed frame" };
      }
    }
    try {
      await open.sink.frames(batch.data.frames);
      return { ok: true };
    } catch {
      return { ok: false, error: "the reader went away" };
    }
  }

  endFrom(hostId: string, raw: unknown): void {
    const end = StreamEnd.safeParse(raw);
    if (!end.success) return;
    const open = this.streams.get(end.data.streamId);
    if (open && open.hostId === hostId) this.finish(end.data.streamId, end.data);
  }

  /** The host's agent disconnected: every stream it served ends with an error. */
  hostGone(hostId: string): void {
    for (const [streamId, open] of this.streams) {
      if (open.hostId === hostId) this.finish(streamId, { streamId, ok: false, error: { code: "HOST_OFFLINE", message: "the host's agent disconnected" } });
    }
  }

  private finish(streamId: string, end: StreamEnd): void {
    const open = this.streams.get(streamId);
    if (!open) return;
    this.streams.delete(streamId);
    open.sink.end(end);
  }
}
