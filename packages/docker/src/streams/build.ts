import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { BuildFrame } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "../errors";
import { jsonLines } from "./json-lines";

export interface BuildOptions {
  tags: string[];
  dockerfile: string;
  buildArgs: Record<string, string>;
  target?: string;
  noCache: boolean;
  pull: boolean;
  signal: AbortSignal;
}

/**
 * `docker build` from a tar context (the classic builder: one layer per filesystem-changing step).
 * Yields step output as it comes; a failed step arrives in-band as `{"error": …}` and is thrown as
 * an EngineError carrying the engine's words. Aborting closes the request, which cancels the build.
 */
export function buildImage(docker: Docker, errors: ErrorMapper, context: Readable, options: BuildOptions): AsyncIterable<BuildFrame> {
  return {
    async *[Symbol.asyncIterator]() {
      const body = (await errors.call(() =>
        docker.buildImage(context, {
          t: options.tags,
          dockerfile: options.dockerfile,
          buildargs: options.buildArgs,
          target: options.target ?? "",
          nocache: options.noCache,
          pull: options.pull ? "1" : undefined,
          rm: true,
          forcerm: true,
          abortSignal: options.signal,
        } as unknown as Docker.ImageBuildOptions),
      )) as AsyncIterable<Buffer>;
      try {
        for await (const message of jsonLines(body)) {
          if (typeof message.error === "string") throw new EngineError("ENGINE_ERROR", message.error.trim());
          const aux = message.aux as { ID?: unknown } | undefined;
          if (typeof aux?.ID === "string") yield { imageId: aux.ID };
          else if (typeof message.stream === "string") yield { text: message.stream };
          else if (typeof message.status === "string") yield { progress: progressOf(message) };
        }
      } catch (error) {
        if (options.signal.aborted) return;
        throw errors.map(error);
      }
    },
  };
}

/** The engine's progress message (pull, push, a build's FROM pull) in protocol form. */
export function progressOf(message: Record<string, unknown>): { id?: string; status: string; current?: number; total?: number } {
  const detail = (message.progressDetail ?? {}) as { current?: unknown; total?: unknown };
  return {
    id: typeof message.id === "string" ? message.id : undefined,
    status: typeof message.status === "string" ? message.status : "",
    current: typeof detail.current === "number" ? detail.current : undefined,
    total: typeof detail.total === "number" ? detail.total : undefined,
  };
}
