import { StringDecoder } from "node:string_decoder";
import { PassThrough } from "node:stream";
import { EngineError, type Engine, type StdFrame } from "@dockmaster/docker";
import { STACK_APPLY_CANCEL, type FrameOf, type ParsedStreamParamsOf, type StreamResult, type StreamType } from "@dockmaster/protocol";
import { hostStats } from "./host-stats";
import { openDownload, openUpload } from "../files/file-streams";

/** A running stream on the agent: frames out, optional input in, and a result at the end. */
export interface StreamSession<T extends StreamType = StreamType> {
  frames: AsyncIterable<FrameOf<T>>;
  input?(data: Uint8Array): Promise<void>;
  endInput?(): void;
  resize?(cols: number, rows: number): Promise<void>;
  /** Called after `frames` ended normally. */
  result?(): Promise<StreamResult>;
  close?(): void;
}

type Openers = { [T in StreamType]: (params: ParsedStreamParamsOf<T>, signal: AbortSignal) => Promise<StreamSession<T>> | StreamSession<T> };

/** Output bytes → text frames; a UTF-8 character split across chunks is held until complete. */
async function* asText(frames: AsyncIterable<StdFrame>): AsyncGenerator<FrameOf<"container.logs">> {
  const decoders = { out: new StringDecoder("utf8"), err: new StringDecoder("utf8") };
  for await (const frame of frames) {
    const text = decoders[frame.stream].write(frame.data);
    if (text) yield { s: frame.stream, d: text };
  }
  for (const s of ["out", "err"] as const) {
    const rest = decoders[s].end();
    if (rest) yield { s, d: rest };
  }
}

/** One line per stream type: the closed union maps onto engine streams. */
export function streamOpeners(engine: Engine): Openers {
  // Logs and stats read lazily: check the container first, so a wrong id is refused at open.
  const mustExist = async (id: string) => void (await engine.inspectContainer(id));
  return {
    "container.logs": async (p, signal) => {
      await mustExist(p.id);
      return { frames: asText(engine.containerLogs(p.id, { follow: p.follow, tail: p.tail, since: p.since, timestamps: p.timestamps, signal })) };
    },
    "container.stats": async (p, signal) => {
      await mustExist(p.id);
      return { frames: engine.containerStats(p.id, signal) };
    },
    "host.stats": (_p, signal) => ({ frames: hostStats(engine, signal) }),
    "container.exec": async (p) => {
      const session = await engine.startExec(p.id, { cmd: p.cmd, tty: p.tty, user: p.user, workingDir: p.workingDir, cols: p.cols, rows: p.rows });
      return {
        frames: (async function* () {
          for await (const f of session.output) yield { s: f.stream, d: f.data };
        })(),
        input: (data) => session.write(data),
        endInput: () => session.endInput(),
        resize: (cols, rows) => session.resize(cols, rows),
        result: async () => ({ exitCode: (await session.exitCode()) ?? undefined }),
        close: () => session.close(),
      };
    },
    "image.build": (p, signal) => {
      // The build context arrives as input chunks; the engine reads it while we receive it.
      const context = new PassThrough();
      let imageId: string | undefined;
      const frames = engine.buildImage(context, { tags: p.tags, dockerfile: p.dockerfile, buildArgs: p.buildArgs, target: p.target, noCache: p.noCache, pull: p.pull, signal });
      return {
        frames: (async function* () {
          for await (const frame of frames) {
            if (frame.imageId) imageId = frame.imageId;
            yield frame;
          }
        })(),
        input: (data) => new Promise<void>((resolve) => (context.write(data) ? resolve() : context.once("drain", resolve))),
        endInput: () => context.end(),
        result: () => Promise.resolve({ imageId }),
        close: () => context.destroy(),
      };
    },
    // A plan applied step by step. Input "cancel" stops it before the next step and still sends the
    // summary (which steps were done); a stream cancel stops it too, without waiting for the summary.
    "stack.apply": (p, signal) => {
      const cancel = new AbortController();
      return {
        frames: stackFrames(engine, p, AbortSignal.any([signal, cancel.signal])),
        input: (data) => {
          if (new TextDecoder().decode(data) !== STACK_APPLY_CANCEL) return Promise.reject(new EngineError("BAD_REQUEST", `stack.apply takes only "${STACK_APPLY_CANCEL}" as input`));
          cancel.abort();
          return Promise.resolve();
        },
      };
    },
    "container.files.get": (p, signal) => openDownload(engine, p, signal),
    "container.files.put": (p, signal) => openUpload(engine, p, signal),
    "image.pull": (p, signal) => ({ frames: engine.pullImage(p.ref, { auth: p.auth, signal }) }),
    "image.push": (p, signal) => ({ frames: engine.pushImage(p.ref, { auth: p.auth, signal }) }),
  };
}

/** The stack executor, loaded on the first stack.apply: most agents idle without it (memory at rest). */
async function* stackFrames(...args: Parameters<typeof import("../stacks/apply").applyStack>) {
  const { applyStack } = await import("../stacks/apply");
  yield* applyStack(...args);
}
