import type { IncomingMessage } from "node:http";

export type BodyRead = { ok: true; text: string } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; aborted: true };

/** A body size as people read it: "64 KiB", "1 MiB". */
export const describeBytes = (bytes: number) => (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`);

/** Whether the request says up front (Content-Length) that its body is larger than `limit`. */
export function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * Reads a request body of at most `limit` bytes, counting as it arrives: a body declared larger is
 * refused before a byte is read, and one that turns out larger (chunked, or lying about its length)
 * the moment it passes the limit — never buffered whole. The caller answers 413 and closes.
 */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<BodyRead> {
  if (declaresMoreThan(req, limit)) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        return finish({ ok: false, tooLarge: true });
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    const onAbort = () => finish({ ok: false, tooLarge: false, aborted: true });
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onClose);
  });
}
