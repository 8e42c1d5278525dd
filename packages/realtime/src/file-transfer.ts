import { AppError, appErrorFromProtocol } from "@dockmaster/core";
import type { FilePutFrame, ParsedStreamParamsOf, StreamEnd } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";

/** A download being read: its bytes as they come from the agent, and a way to stop early. */
export interface FileDownload {
  chunks: AsyncIterable<Uint8Array>;
  cancel(): void;
}

const endError = (end: StreamEnd) => (end.ok ? null : appErrorFromProtocol(end.error));

/**
 * Opens a container file download (the server-only "container.files.get" stream) and hands its
 * bytes over one batch at a time: the agent's next batch waits until the reader took this one, so
 * a slow reader (an HTTP response draining to a browser) paces the engine, and nothing is held
 * whole. Rejects at open when the agent refuses (no such path, wrong kind, host offline).
 */
export async function openFileDownload(hub: SocketAgentHub, hostId: string, params: ParsedStreamParamsOf<"container.files.get">): Promise<FileDownload> {
  const queue: Uint8Array[][] = [];
  let wake: (() => void) | null = null;
  let consumed: (() => void) | null = null;
  let ended: StreamEnd | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const handle = await hub.streams.open(hostId, "container.files.get", params, {
    frames: (frames) => {
      queue.push((frames as Array<{ d: Uint8Array }>).map((f) => f.d));
      notify();
      return new Promise<void>((resolve) => (consumed = resolve));
    },
    end: (end) => {
      ended = end;
      notify();
    },
  });
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        yield* batch;
        consumed?.();
        consumed = null;
        continue;
      }
      if (ended) {
        const error = endError(ended);
        if (error) throw error;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const cancel = () => {
    queue.length = 0;
    consumed?.(); // the agent's pending batch is let go (the cancel stops it sending more)
    consumed = null;
    handle.cancel();
  };
  return { chunks: chunks(), cancel };
}

/** Input chunks are at most 512 KiB (StreamInput). */
const INPUT_CHUNK = 256 * 1024;

/**
 * Uploads one file into a container (the server-only "container.files.put" stream): `body` is
 * sent as input a chunk at a time, each acknowledged by the agent once the engine took it, so the
 * sender (an HTTP request body) is read no faster than the engine writes. Resolves with where the
 * file went and its size; rejects with the agent's words (a symbolic link on the way, a changed
 * file, a size that does not match).
 */
export async function uploadFile(hub: SocketAgentHub, hostId: string, params: ParsedStreamParamsOf<"container.files.put">, body: AsyncIterable<Uint8Array>): Promise<FilePutFrame> {
  let result: FilePutFrame | null = null;
  let settle: (end: StreamEnd) => void = () => undefined;
  const ended = new Promise<StreamEnd>((resolve) => (settle = resolve));
  const handle = await hub.streams.open(hostId, "container.files.put", params, {
    frames: (frames) => {
      result = (frames as FilePutFrame[]).at(-1) ?? result;
      return Promise.resolve();
    },
    end: (end) => settle(end),
  });
  try {
    for await (const chunk of body) {
      for (let at = 0; at < chunk.byteLength; at += INPUT_CHUNK) await handle.input(chunk.subarray(at, at + INPUT_CHUNK));
    }
    handle.endInput();
  } catch (error) {
    // The agent may have ended the stream with the reason the input was refused: that reason wins.
    const end = await Promise.race([ended, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000))]);
    if (end) throw endError(end) ?? error;
    handle.abort({ code: "BAD_REQUEST", message: "the upload was interrupted" });
    throw error;
  }
  const end = await ended;
  const error = endError(end);
  if (error) throw error;
  if (!result) throw new AppError("BAD_GATEWAY", "the host did not say where the file was written");
  return result;
}
