import type Docker from "dockerode";
import { splitRepoTag, type ProgressFrame, type RegistryLogin } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "../errors";
import { progressOf } from "./build";
import { jsonLines } from "./json-lines";

export interface TransferOptions {
  auth?: RegistryLogin;
  signal: AbortSignal;
}

/** Progress messages → frames; an in-band `{"error": …}` (auth refused, not found) becomes an EngineError. */
async function* progress(body: AsyncIterable<Buffer>, errors: ErrorMapper, signal: AbortSignal): AsyncGenerator<ProgressFrame> {
  try {
    for await (const message of jsonLines(body)) {
      if (typeof message.error === "string") throw new EngineError(/not found|unknown/i.test(message.error) ? "NOT_FOUND" : "ENGINE_ERROR", message.error.trim());
      yield progressOf(message);
    }
  } catch (error) {
    if (signal.aborted) return;
    throw errors.map(error);
  }
}

/** `docker pull`: one progress frame per engine message (per layer: waiting, downloading, extracting, done). */
export function pullImage(docker: Docker, errors: ErrorMapper, ref: string, options: TransferOptions): AsyncIterable<ProgressFrame> {
  return {
    async *[Symbol.asyncIterator]() {
      const body = (await errors.call(() => docker.pull(ref, { authconfig: options.auth, abortSignal: options.signal }))) as AsyncIterable<Buffer>;
      yield* progress(body, errors, options.signal);
    },
  };
}

/** `docker push` of a local tag to its registry. */
export function pushImage(docker: Docker, errors: ErrorMapper, ref: string, options: TransferOptions): AsyncIterable<ProgressFrame> {
  return {
    async *[Symbol.asyncIterator]() {
      const { repo, tag } = splitRepoTag(ref); // a push reference is repo[:tag] (RepoTag)
      // The engine insists on an X-Registry-Auth header for push, even an empty one.
      const auth = options.auth ?? { username: "", password: "", serveraddress: "" };
      const body = (await errors.call(() => docker.getImage(repo).push({ tag, authconfig: auth, abortSignal: options.signal } as unknown as Docker.ImagePushOptions))) as AsyncIterable<Buffer>;
      yield* progress(body, errors, options.signal);
    },
  };
}
