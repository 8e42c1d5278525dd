import type { Socket } from "socket.io-client";
import type { FrameOf, StreamEnd, StreamParamsOf, StreamType } from "@dockmaster/protocol";

/**
 * The browser's side of a stream (logs, stats, exec, pull, push, build) over the /ui socket. Plain
 * TypeScript (no React) so the integration tests drive the very same code the pages use.
 */
export interface StreamClient {
  readonly streamId: string;
  /** Resolves once the server opened it; rejects with the server's reason (permission, offline, bad input). */
  readonly ready: Promise<void>;
  /** Resolves when it ends: its result, or the error it ended with. */
  readonly done: Promise<StreamEnd>;
  input(data: Uint8Array): Promise<void>;
  endInput(): void;
  resize(cols: number, rows: number): void;
  cancel(): void;
}

type StreamError = Extract<StreamEnd, { ok: false }>["error"];

interface Handlers {
  frames(frames: unknown[]): void;
  end(end: StreamEnd): void;
}

type AnySocket = Pick<Socket, "on" | "emit" | "timeout">;
const registries = new WeakMap<AnySocket, Map<string, Handlers>>();

/** One listener per socket routes frames and ends to their stream by id. */
function registryOf(socket: AnySocket): Map<string, Handlers> {
  let registry = registries.get(socket);
  if (registry) return registry;
  const created = new Map<string, Handlers>();
  registry = created;
  registries.set(socket, created);
  socket.on("stream:frames", (batch: { streamId: string; frames: unknown[] }, ack?: (a: { ok: true }) => void) => {
    created.get(batch.streamId)?.frames(batch.frames);
    ack?.({ ok: true }); // acknowledging after handling is what paces the container's output
  });
  socket.on("stream:end", (end: StreamEnd) => {
    const handlers = created.get(end.streamId);
    created.delete(end.streamId);
    handlers?.end(end);
  });
  return created;
}

let counter = 0;
const newStreamId = () => `s${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Exec output arrives as ArrayBuffer in browsers and Buffer in Node: always hand out Uint8Array. */
function normaliseBytes(frame: unknown): unknown {
  const f = frame as { d?: unknown };
  if (f && f.d instanceof ArrayBuffer) return { ...f, d: new Uint8Array(f.d) };
  return frame;
}

export function openStream<T extends StreamType>(
  socket: AnySocket,
  request: { hostId: string; type: T; params: StreamParamsOf<T> },
  onFrames: (frames: Array<FrameOf<T>>) => void,
): StreamClient {
  const streamId = newStreamId();
  const registry = registryOf(socket);
  let resolveDone!: (end: StreamEnd) => void;
  const done = new Promise<StreamEnd>((resolve) => (resolveDone = resolve));
  registry.set(streamId, { frames: (frames) => onFrames(frames.map(normaliseBytes) as Array<FrameOf<T>>), end: resolveDone });

  const ready = (async () => {
    let ack: { ok: boolean; error?: StreamError };
    try {
      ack = (await socket.timeout(30_000).emitWithAck("stream:open", { streamId, ...request })) as typeof ack;
    } catch {
      ack = { ok: false, error: { code: "TIMEOUT", message: "the server did not answer" } };
    }
    if (!ack.ok) {
      registry.delete(streamId);
      const error = ack.error ?? { code: "INTERNAL", message: "refused" };
      resolveDone({ streamId, ok: false, error });
      throw Object.assign(new Error(error.message), { code: error.code });
    }
  })();
  ready.catch(() => undefined); // callers that only watch `done` must not see an unhandled rejection

  return {
    streamId,
    ready,
    done,
    async input(data) {
      const ack = (await socket.timeout(30_000).emitWithAck("stream:input", { streamId, data })) as { ok: boolean; error?: { message: string } };
      if (!ack.ok) throw new Error(ack.error?.message ?? "input refused");
    },
    endInput: () => void socket.emit("stream:inputEnd", { streamId }),
    resize: (cols, rows) => void socket.emit("stream:resize", { streamId, cols, rows }),
    cancel: () => void socket.emit("stream:cancel", { streamId }),
  };
}
