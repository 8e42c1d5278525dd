import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { gateContainerFiles, type ApiServices } from "@dockmaster/api";
import { can } from "@dockmaster/core";
import { ContainerPath, FileName, joinContainerPath, MAX_UPLOAD_BYTES, ObjectRef } from "@dockmaster/protocol";
import { uploadFile, type SocketAgentHub } from "@dockmaster/realtime";
import { httpActor, parseQuery } from "../http-actor";
import { describeBytes } from "../request-body";
import { HostId } from "./names";
import { answerFailure, failureOf } from "./http-errors";

const Query = z.strictObject({
  hostId: HostId,
  id: ObjectRef,
  dir: ContainerPath,
  name: FileName,
  /** An edit's save: the SHA-256 of the content the editor opened (the agent writes only over that). */
  ifSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex").optional(),
});

/** The request body as it arrives, hashed and counted on the way (the audit records both, never the bytes). */
function hashed(req: IncomingMessage, seen: { bytes: number; hash: ReturnType<typeof createHash> }): AsyncIterable<Uint8Array> {
  return (async function* () {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      seen.bytes += chunk.byteLength;
      seen.hash.update(chunk);
      yield chunk;
    }
  })();
}

/**
 * PUT /api/containers/files/upload?hostId=&id=&dir=&name=[&ifSha256=] with the file as the raw
 * body (Content-Length required: the tar header the engine reads needs the size first). The same
 * session or token, CSRF origin check (routes.ts) and container.files.write on the host; at most
 * MAX_UPLOAD_BYTES, refused before a byte is read. The body streams to the agent chunk by chunk.
 * Audited with the path, size and SHA-256 — never the content.
 */
export async function handleFileUpload(services: ApiServices, hub: SocketAgentHub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const edge = await httpActor(services, req, res, "containerFiles.upload");
  if (!edge) return;
  const query = parseQuery(req, res, Query, "upload query");
  if (!query) return;
  const { hostId, id, dir, name, ifSha256 } = query;
  const path = joinContainerPath(dir, name);
  const target = { type: "containers", id };
  if (!can(edge.actor, "container.files.write", hostId)) {
    const refusal = `permission container.files.write is required on host ${hostId}`;
    await edge.audit({ result: "denied", hostId, target, params: { path }, error: refusal });
    return answerFailure(res, { status: 403, message: refusal });
  }
  const declared = req.headers["content-length"];
  const size = declared === undefined ? NaN : Number(declared);
  if (!Number.isSafeInteger(size) || size < 0) return answerFailure(res, { status: 411, message: "the upload needs a Content-Length header (the file's size)" });
  if (size > MAX_UPLOAD_BYTES) {
    const refusal = `the file is ${(size / 1024 / 1024).toFixed(1)} MiB: uploads are at most ${describeBytes(MAX_UPLOAD_BYTES)}`;
    await edge.audit({ result: "denied", hostId, target, params: { path, size }, error: refusal });
    return answerFailure(res, { status: 413, message: refusal });
  }
  // The container's own reach decides too: a host bind mount or privileged needs more (capability-gate.ts).
  try {
    await gateContainerFiles({ actor: edge.actor, hub }, hostId, id, "write");
  } catch (error) {
    const failure = failureOf(error);
    await edge.audit({ result: failure.status === 403 ? "denied" : "error", hostId, target, params: { path, size }, error: failure.message });
    return answerFailure(res, failure);
  }
  const started = Date.now();
  const seen = { bytes: 0, hash: createHash("sha256") };
  const edit = ifSha256 ? { replacesSha256: ifSha256 } : {};
  try {
    const written = await uploadFile(hub, hostId, { id, dir, name, size, ...(ifSha256 ? { ifSha256 } : {}) }, hashed(req, seen));
    const sha256 = seen.hash.digest("hex");
    await edge.audit({ result: "ok", hostId, target, params: { path: written.path, size: written.bytes, sha256, ...edit }, durationMs: Date.now() - started });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path: written.path, size: written.bytes, sha256 }));
  } catch (error) {
    const failure = failureOf(error);
    await edge.audit({ result: "error", hostId, target, params: { path, size, ...edit }, error: failure.message, durationMs: Date.now() - started });
    answerFailure(res, failure);
  }
}
