import type Docker from "dockerode";
import type { ProgressFrame, RegistryAuth } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "../errors";
import { progressOf } from "./build";
import { jsonLines } from "./json-lines";

export interface TransferOptions {
  auth?: RegistryAuth;
  signal: AbortSignal;
}

/** Splits "registry:5000/name:tag" into the name and the tag (a port is not a tag). */
export function splitReference(ref: string): { name: string; tag: string } {
  const at = ref.indexOf("@");
  if (at >= 0) return { name: ref.slice(0, at), tag: ref.slice(at + 1) };
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > slash ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { name: ref, tag: "latest" };
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
      const { name, tag } = splitReference(ref);
      // The engine insists on an X-Registry-Auth header for push, even an empty one.
      const auth = options.auth ?? { username: "", password: "", serveraddress: "" };
      const body = (await errors.call(() => docker.getImage(name).push({ tag, authconfig: auth, abortSignal: options.signal } as unknown as Docker.ImagePushOptions))) as AsyncIterable<Buffer>;
      yield* progress(body, errors, options.signal);
    },
  };
}
