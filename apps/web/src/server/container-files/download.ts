import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { gateContainerFiles, type ApiServices } from "@dockmaster/api";
import { can } from "@dockmaster/core";
import { baseName, ContainerPath, ObjectRef } from "@dockmaster/protocol";
import { openFileDownload, type SocketAgentHub } from "@dockmaster/realtime";
import { httpActor, parseQuery } from "../http-actor";
import { HostId, attachmentName } from "./names";
import { answerFailure, failureOf } from "./http-errors";

/** Resolves when the response can take more, or is gone (a closed response never drains). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

const Query = z.strictObject({ hostId: HostId, id: ObjectRef, path: ContainerPath });

/**
 * GET /api/containers/files/download?hostId=&id=&path= — a regular file as itself, anything else
 * (a directory) as the engine's tar. The same session or token as tRPC, container.files.read on
 * the host (403 audited), then streamed from the agent with backpressure: the agent sends its next
 * batch once the browser took this one. Each download is audited with its path.
 */
export async function handleFileDownload(services: ApiServices, hub: SocketAgentHub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const edge = await httpActor(services, req, res, "containerFiles.download");
  if (!edge) return;
  const query = parseQuery(req, res, Query, "download query");
  if (!query) return;
  const { hostId, id, path } = query;
  const target = { type: "containers", id };
  if (!can(edge.actor, "container.files.read", hostId)) {
    const refusal = `permission container.files.read is required on host ${hostId}`;
    await edge.audit({ result: "denied", hostId, target, params: { path }, error: refusal });
    return void res.writeHead(403, { "content-type": "text/plain" }).end(refusal);
  }
  // The container's own reach decides too: a host bind mount or privileged needs more (capability-gate.ts).
  try {
    await gateContainerFiles({ actor: edge.actor, hub }, hostId, id, "read");
  } catch (error) {
    const failure = failureOf(error);
    await edge.audit({ result: failure.status === 403 ? "denied" : "error", hostId, target, params: { path }, error: failure.message });
    return answerFailure(res, failure);
  }
  const started = Date.now();
  try {
    const stat = await hub.request(hostId, "container.files.stat", { id, path });
    const as = stat.kind === "file" ? "file" : "tar";
    const download = await openFileDownload(hub, hostId, { id, path, as });
    await edge.audit({ result: "ok", hostId, target, params: { path, as, ...(as === "file" ? { size: stat.size } : {}) } });
    res.on("close", () => !res.writableFinished && download.cancel());
    const name = path === "/" ? "root" : baseName(path);
    res.writeHead(200, {
      "content-type": as === "file" ? "application/octet-stream" : "application/x-tar",
      "content-disposition": attachmentName(as === "file" ? name : `${name}.tar`),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    for await (const chunk of download.chunks) {
      if (res.destroyed) break; // the browser went away: the close handler cancelled the stream
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (error) {
    const failure = failureOf(error);
    if (!res.headersSent) await edge.audit({ result: "error", hostId, target, params: { path }, error: failure.message, durationMs: Date.now() - started });
    answerFailure(res, failure);
  }
}
