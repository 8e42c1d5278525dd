import type Docker from "dockerode";
import type { ErrorMapper } from "../errors";
import { demuxStdcopy, rawAsStdout, type StdFrame } from "./stdcopy";

export interface LogOptions {
  follow: boolean;
  tail?: number;
  since?: number;
  timestamps: boolean;
  signal: AbortSignal;
}

/**
 * A container's output as stdout/stderr frames. Without a TTY the engine multiplexes both streams
 * (stdcopy); with a TTY it sends raw bytes — so the container's Tty setting decides how to read.
 */
export function containerLogs(docker: Docker, errors: ErrorMapper, id: string, options: LogOptions): AsyncIterable<StdFrame> {
  return {
    async *[Symbol.asyncIterator]() {
      const container = docker.getContainer(id);
      const inspect = await errors.call(() => container.inspect({ abortSignal: options.signal }));
      const query = {
        stdout: true,
        stderr: true,
        timestamps: options.timestamps,
        ...(options.tail === undefined ? {} : { tail: options.tail }), // omitted = all
        since: options.since ?? 0,
        abortSignal: options.signal,
      };
      // dockerode answers a Buffer without follow and a stream with it.
      const body: Buffer | NodeJS.ReadableStream = await errors.call<Buffer | NodeJS.ReadableStream>(() => (options.follow ? container.logs({ ...query, follow: true }) : container.logs({ ...query, follow: false })));
      const chunks: AsyncIterable<Buffer> = Buffer.isBuffer(body) ? oneChunk(body) : (body as AsyncIterable<Buffer>);
      const frames = inspect.Config.Tty ? rawAsStdout(chunks) : demuxStdcopy(chunks);
      try {
        yield* frames;
      } catch (error) {
        if (options.signal.aborted) return;
        throw errors.map(error);
      }
    },
  };
}

function oneChunk(buffer: Buffer): AsyncIterable<Buffer> {
  return (async function* () {
    await Promise.resolve();
    yield buffer;
  })();
}
