import { PassThrough } from "node:stream";
import { EngineError, type Engine } from "@dockmaster/docker";
import type { FrameOf, ParsedStreamParamsOf } from "@dockmaster/protocol";
import type { StreamSession } from "../streams/sessions";
import { checkWriteTarget } from "./write-target";

/**
 * Download: a regular file's bytes ("file") or the engine's tar of any path ("tar"), chunk by chunk
 * as the engine sends them (the stream's acks pace the engine: nothing is held whole). The path is
 * stat'ed first, so a missing path or a wrong kind is refused at open with words that say why.
 */
export async function openDownload(engine: Engine, p: ParsedStreamParamsOf<"container.files.get">, signal: AbortSignal): Promise<StreamSession<"container.files.get">> {
  const stat = await engine.statPath(p.id, p.path);
  if (p.as === "file") {
    if (stat.kind === "symlink") throw new EngineError("BAD_REQUEST", `${p.path} is a symbolic link to ${stat.linkTarget ?? "?"}: download the target instead`);
    if (stat.kind === "dir") throw new EngineError("BAD_REQUEST", `${p.path} is a directory: download it as an archive`);
    if (stat.kind !== "file") throw new EngineError("BAD_REQUEST", `${p.path} is not a regular file`);
  }
  const source = p.as === "file" ? engine.fileBytes(p.id, p.path, signal) : engine.archive(p.id, p.path, signal);
  return {
    frames: (async function* (): AsyncGenerator<FrameOf<"container.files.get">> {
      for await (const chunk of source) yield { d: chunk };
    })(),
  };
}

/**
 * Upload of one file of `size` bytes, sent as input: checked before a byte is taken (the
 * directory reached without links, what it replaces: write-target.ts), then packed as a one-entry
 * tar and streamed into the engine's PUT archive as it arrives. More bytes than announced are
 * refused; fewer (the sender stopped) abort the engine's request. One frame at the end says where
 * the file went and how large it is.
 */
export async function openUpload(engine: Engine, p: ParsedStreamParamsOf<"container.files.put">, signal: AbortSignal): Promise<StreamSession<"container.files.put">> {
  const target = await checkWriteTarget(engine, p.id, p.dir, p.name, p.ifSha256);
  const body = new PassThrough();
  const abort = new AbortController();
  let received = 0;
  let failure: EngineError | undefined;
  const stop = (error: EngineError) => {
    failure ??= error;
    body.destroy(error);
    abort.abort(error);
  };
  signal.addEventListener("abort", () => stop(new EngineError("BAD_REQUEST", "the upload was cancelled")), { once: true });
  const written = engine.putFile(p.id, p.dir, { name: p.name, size: p.size, ...target.owner }, body, AbortSignal.any([signal, abort.signal]));
  written.catch(() => undefined); // awaited by `frames`; an early failure must not go unhandled meanwhile
  return {
    frames: (async function* (): AsyncGenerator<FrameOf<"container.files.put">> {
      // The engine's own complaint about an aborted request says less than why it was aborted.
      try {
        await written;
      } catch (error) {
        throw failure ?? error;
      }
      yield { path: target.path, bytes: received };
    })(),
    input: (data) => {
      received += data.byteLength;
      if (received > p.size) {
        const error = new EngineError("BAD_REQUEST", `the upload sent more than the ${p.size} bytes it announced`);
        stop(error);
        return Promise.reject(error);
      }
      return new Promise<void>((resolve) => (body.write(data) ? resolve() : body.once("drain", resolve)));
    },
    endInput: () => {
      if (received === p.size) body.end();
      else stop(new EngineError("BAD_REQUEST", `the upload ended after ${received} of the ${p.size} bytes it announced`));
    },
    close: () => {
      if (!body.writableEnded) stop(new EngineError("BAD_REQUEST", "the upload was cancelled"));
    },
  };
}
