import type { Engine } from "@dockmaster/docker";
import { parseStreamOpen, type StreamType, StreamInput, StreamRef, StreamResize, type ProtocolError, type StreamEnd, type StreamRefusal, type AckOk } from "@dockmaster/protocol";
import { EngineError } from "@dockmaster/docker";
import type { AgentLog } from "../log";
import { FrameSender } from "./frame-sender";
import { streamOpeners, type StreamSession } from "./sessions";

/** How the runner talks back to the control plane (the socket, in production). */
export interface StreamTransport {
  sendFrames(streamId: string, frames: unknown[]): Promise<boolean>;
  sendEnd(end: StreamEnd): void;
}

interface Running {
  session: StreamSession | null;
  abort: AbortController;
}

const MAX_OPEN_STREAMS = 256;

function protocolError(error: unknown): ProtocolError {
  if (error instanceof EngineError) return { code: error.code, message: error.message };
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

const MAX_MERGED_TEXT = 128 * 1024;

/** Log chunks of the same stream that wait together are sent as one frame. */
function mergeLogFrames(previous: unknown, next: unknown): unknown {
  const a = previous as { s?: unknown; d?: unknown };
  const b = next as { s?: unknown; d?: unknown };
  if (a.s !== b.s || typeof a.d !== "string" || typeof b.d !== "string" || a.d.length + b.d.length > MAX_MERGED_TEXT) return null;
  return { s: a.s, d: a.d + b.d };
}

/** Byte size of a frame, for batching: its payload, roughly. */
function frameBytes(frame: unknown): number {
  const d = (frame as { d?: unknown }).d;
  if (typeof d === "string") return d.length;
  if (d instanceof Uint8Array) return d.byteLength;
  return 128;
}

/** Streams the control plane opened on this agent: open, input, resize, cancel; each validated. */
export class StreamRunner {
  private readonly streams = new Map<string, Running>();
  private readonly openers;

  constructor(
    engine: Engine,
    private readonly transport: StreamTransport,
    private readonly log: AgentLog,
  ) {
    this.openers = streamOpeners(engine);
  }

  get openCount(): number {
    return this.streams.size;
  }

  async open(raw: unknown): Promise<AckOk | StreamRefusal> {
    const open = parseStreamOpen(raw);
    if (!open.ok) return { ok: false, error: open.error };
    if (this.streams.has(open.streamId)) return { ok: false, error: { code: "BAD_REQUEST", message: `stream ${open.streamId} is already open` } };
    if (this.streams.size >= MAX_OPEN_STREAMS) return { ok: false, error: { code: "ENGINE_ERROR", message: `this agent already serves ${MAX_OPEN_STREAMS} streams` } };
    const running: Running = { session: null, abort: new AbortController() };
    this.streams.set(open.streamId, running);
    try {
      const opener = this.openers[open.type] as (params: unknown, signal: AbortSignal) => Promise<StreamSession>;
      running.session = await opener(open.params, running.abort.signal);
    } catch (error) {
      this.streams.delete(open.streamId);
      return { ok: false, error: protocolError(error) };
    }
    void this.pump(open.streamId, open.type, running);
    return { ok: true };
  }

  private async pump(streamId: string, type: StreamType, running: Running): Promise<void> {
    const session = running.session!;
    const sender = new FrameSender((frames) => this.transport.sendFrames(streamId, frames), type === "container.logs" ? { merge: mergeLogFrames } : {});
    let end: StreamEnd;
    try {
      for await (const frame of session.frames) {
        if (running.abort.signal.aborted) break;
        await sender.push(frame, frameBytes(frame));
      }
      await sender.drain();
      end = running.abort.signal.aborted ? { streamId, ok: true, result: { cancelled: true } } : { streamId, ok: true, result: (await session.result?.()) ?? {} };
    } catch (error) {
      end = running.abort.signal.aborted ? { streamId, ok: true, result: { cancelled: true } } : { streamId, ok: false, error: protocolError(error) };
    } finally {
      session.close?.();
      this.streams.delete(streamId);
    }
    this.transport.sendEnd(end);
  }

  async input(raw: unknown): Promise<AckOk | StreamRefusal> {
    const input = StreamInput.safeParse(raw);
    if (!input.success) return { ok: false, error: { code: "BAD_REQUEST", message: "stream input needs { streamId, data: bytes ≤ 512 KiB }" } };
    const session = this.streams.get(input.data.streamId)?.session;
    if (!session?.input) return { ok: false, error: { code: "BAD_REQUEST", message: "no open stream takes input under that id" } };
    try {
      await session.input(input.data.data);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: protocolError(error) };
    }
  }

  endInput(raw: unknown): void {
    const ref = StreamRef.safeParse(raw);
    if (ref.success) this.streams.get(ref.data.streamId)?.session?.endInput?.();
  }

  resize(raw: unknown): void {
    const resize = StreamResize.safeParse(raw);
    if (!resize.success) return;
    void this.streams
      .get(resize.data.streamId)
      ?.session?.resize?.(resize.data.cols, resize.data.rows)
      .catch((error: unknown) => this.log.warn("terminal resize failed", { error: String(error) }));
  }

  cancel(raw: unknown): void {
    const ref = StreamRef.safeParse(raw);
    if (!ref.success) return;
    const running = this.streams.get(ref.data.streamId);
    if (!running) return;
    running.abort.abort();
    running.session?.close?.();
  }

  /** The control plane went away: its end of every stream is gone. */
  cancelAll(): void {
    for (const streamId of [...this.streams.keys()]) this.cancel({ streamId });
  }
}
