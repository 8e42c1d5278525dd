/**
 * Docker's multiplexed stream format ("stdcopy"), used by logs and exec when the container has no
 * TTY: each frame is an 8-byte header — [stream type, 0, 0, 0, size as big-endian uint32] — then
 * `size` bytes of payload. Stream type 1 = stdout, 2 = stderr (0 = stdin, never sent here).
 * Frames can be split across chunks and chunks can hold many frames: this demuxer buffers
 * partial headers and payloads and never yields a frame before it is complete.
 */
export interface StdFrame {
  stream: "out" | "err";
  data: Buffer;
}

const HEADER_BYTES = 8;

export async function* demuxStdcopy(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<StdFrame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const raw of chunks) {
    const chunk = typeof raw === "string" ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    // Consecutive frames of the same stream in one chunk (a log is one frame per line) are
    // yielded as one: same bytes, same order, far fewer hand-offs downstream.
    let run: { stream: "out" | "err"; parts: Buffer[] } | null = null;
    const flush = (): StdFrame | null => {
      const done = run && { stream: run.stream, data: Buffer.concat(run.parts) }; // a copy: `pending` is reused
      run = null;
      return done;
    };
    while (pending.length - offset >= HEADER_BYTES) {
      const type = pending[offset]!;
      const size = pending.readUInt32BE(offset + 4);
      if (pending.length - offset - HEADER_BYTES < size) break; // payload not complete yet
      const start = offset + HEADER_BYTES;
      offset = start + size;
      if (size === 0) continue;
      const stream = type === 2 ? "err" : "out";
      if (run && run.stream !== stream) yield flush()!;
      (run ??= { stream, parts: [] }).parts.push(pending.subarray(start, start + size));
    }
    const last = flush();
    if (last) yield last;
    pending = offset === pending.length ? Buffer.alloc(0) : pending.subarray(offset);
  }
  if (pending.length > 0) throw new Error(`stream ended inside a frame (${pending.length} bytes left over)`);
}

/** A TTY stream is not multiplexed: everything is stdout, as it came. */
export async function* rawAsStdout(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<StdFrame> {
  for await (const raw of chunks) {
    const data = typeof raw === "string" ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (data.length > 0) yield { stream: "out", data };
  }
}
