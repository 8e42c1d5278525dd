import type { Socket } from "socket.io";
import { z } from "zod";
import { AppError, can, MUTATING_STREAMS, STREAM_PERMISSIONS, type Actor, type AuditLog } from "@dockmaster/core";
import { isStreamType, StreamInput, StreamRef, StreamResize, type RegistryLogin, type StreamEnd, type StreamType } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";
import type { Logger } from "./logger";
import { auditFromSocket } from "./socket-audit";
import type { StreamHandle } from "./stream-relay";

export interface UiStreamDeps {
  hub: SocketAgentHub;
  audit: AuditLog;
  log: Logger;
  /** Stored credentials for the registry an image reference names (pull/push), decrypted here only. */
  registryAuth?: (imageRef: string) => Promise<RegistryLogin | undefined>;
}

const OpenPayload = z.object({ streamId: z.string().min(1).max(100), hostId: z.string().min(1).max(100), type: z.string().min(1).max(100), params: z.record(z.string(), z.unknown()).default({}) });
const BROWSER_ACK_TIMEOUT_MS = 60_000;
const MAX_STREAMS_PER_SOCKET = 32;

interface BrowserStream {
  hostId: string;
  type: StreamType;
  handle: StreamHandle;
}

type Reply = (value: unknown) => void;
const replyOf = (ack: unknown): Reply => (typeof ack === "function" ? (ack as Reply) : () => undefined);
const refusal = (code: string, message: string) => ({ ok: false, error: { code, message } });

/** What the audit trail keeps about a stream: its target and the params worth knowing (never auth). */
const str = (value: unknown) => (typeof value === "string" ? value : "");

function auditTarget(type: StreamType, params: Record<string, unknown>) {
  if (type.startsWith("container.")) return { type: "containers", id: str(params.id) };
  if (type === "image.build") return { type: "images", name: Array.isArray(params.tags) ? params.tags.filter((t) => typeof t === "string").join(", ") : "" };
  return { type: "images", name: str(params.ref) };
}
function auditParams(type: StreamType, params: Record<string, unknown>) {
  if (type === "container.exec") return { cmd: params.cmd ?? ["sh"], tty: params.tty ?? true, user: params.user };
  if (type === "image.build") return { tags: params.tags, dockerfile: params.dockerfile, target: params.target, noCache: params.noCache, buildArgs: Object.keys((params.buildArgs as object | undefined) ?? {}) };
  return { ref: params.ref };
}

/**
 * A browser socket's streams. Opening one needs the stream type's permission on the host (the
 * catalogue's STREAM_PERMISSIONS — the same check tRPC makes); refusals are audited, and so are
 * the streams that change something (exec sessions with start and end, pull, push, build).
 */
export function attachUiStreams(socket: Socket, getActor: () => Actor, deps: UiStreamDeps) {
  const open = new Map<string, BrowserStream>();
  const pending = new Set<string>();

  socket.on("stream:open", (raw: unknown, ack?: unknown) => {
    const reply = replyOf(ack);
    void openStream(raw).then(reply, (error: unknown) => {
      const message = error instanceof AppError ? error.message : "the stream could not be opened";
      if (!(error instanceof AppError)) deps.log.error("stream open failed", { error: String(error) });
      reply(refusal(error instanceof AppError ? error.code : "INTERNAL", message));
    });
  });

  async function openStream(raw: unknown) {
    const actor = getActor();
    const payload = OpenPayload.safeParse(raw);
    if (!payload.success) return refusal("BAD_REQUEST", "stream:open needs { streamId, hostId, type, params }");
    const { streamId, hostId, type, params } = payload.data;
    if (open.has(streamId) || pending.has(streamId)) return refusal("BAD_REQUEST", `stream ${streamId} is already open`);
    if (!isStreamType(type)) return refusal("BAD_REQUEST", `unknown stream type "${type}"`);
    const permission = STREAM_PERMISSIONS[type];
    if (!can(actor, permission, hostId)) {
      await auditFromSocket(deps.audit, socket, actor, { action: `stream.${type}`, hostId, target: auditTarget(type, params), result: "denied", error: `permission ${permission} is required` });
      return refusal("FORBIDDEN", `permission ${permission} is required`);
    }
    // Registry credentials come from the server's store, never from the browser.
    if ("auth" in params) return refusal("BAD_REQUEST", "auth: registry credentials are taken from the stored registries, not sent by the browser");
    if (open.size >= MAX_STREAMS_PER_SOCKET) return refusal("TOO_MANY_REQUESTS", `at most ${MAX_STREAMS_PER_SOCKET} streams per browser tab`);
    const agentParams = (type === "image.pull" || type === "image.push") && deps.registryAuth ? { ...params, auth: await deps.registryAuth(str(params.ref)) } : params;

    const started = Date.now();
    const mutating = MUTATING_STREAMS.has(type);
    // The browser names the stream (so it can listen before asking); the relay has its own id toward the agent.
    let ended = false;
    // An exec's end record must follow its start record, even when the process exits at once.
    let startWritten: () => void = () => undefined;
    const startAudited = new Promise<void>((resolve) => (startWritten = resolve));
    pending.add(streamId);
    let handle: StreamHandle;
    try {
      handle = await deps.hub.streams.open(hostId, type, agentParams as never, {
        frames: async (frames) => {
          await socket.timeout(BROWSER_ACK_TIMEOUT_MS).emitWithAck("stream:frames", { streamId, frames });
        },
        end: (end: StreamEnd) => {
          ended = true;
          open.delete(streamId);
          socket.emit("stream:end", { ...end, streamId });
          if (mutating) {
            void startAudited.then(() => auditFromSocket(deps.audit, socket, actor, {
              action: type === "container.exec" ? "container.exec.end" : `stream.${type}`,
              hostId,
              target: auditTarget(type, params),
              params: { ...auditParams(type, params), ...(end.ok ? end.result : {}) },
              result: end.ok ? "ok" : "error",
              error: end.ok ? null : end.error.message,
              durationMs: Date.now() - started,
            }));
          }
        },
      });
    } catch (error) {
      pending.delete(streamId);
      startWritten();
      if (mutating) {
        await auditFromSocket(deps.audit, socket, actor, { action: `stream.${type}`, hostId, target: auditTarget(type, params), params: auditParams(type, params), result: "error", error: error instanceof Error ? error.message : String(error) });
      }
      throw error;
    }
    pending.delete(streamId);
    if (!socket.connected) handle.cancel(); // the tab closed while the host was opening it
    else if (!ended) open.set(streamId, { hostId, type, handle });
    if (type === "container.exec") {
      void auditFromSocket(deps.audit, socket, actor, { action: "container.exec.start", hostId, target: auditTarget(type, params), params: auditParams(type, params), result: "ok" }).finally(startWritten);
    } else startWritten();
    return { ok: true, streamId };
  }

  socket.on("stream:input", (raw: unknown, ack?: unknown) => {
    const reply = replyOf(ack);
    const input = StreamInput.safeParse(raw);
    if (!input.success) return reply(refusal("BAD_REQUEST", "stream:input needs { streamId, data: bytes ≤ 512 KiB }"));
    const stream = open.get(input.data.streamId);
    if (!stream) return reply(refusal("NOT_FOUND", "no such open stream"));
    stream.handle.input(input.data.data).then(
      () => reply({ ok: true }),
      (error: unknown) => reply(refusal("BAD_REQUEST", error instanceof Error ? error.message : "input refused")),
    );
  });
  socket.on("stream:inputEnd", (raw: unknown) => {
    const ref = StreamRef.safeParse(raw);
    if (ref.success) open.get(ref.data.streamId)?.handle.endInput();
  });
  socket.on("stream:resize", (raw: unknown) => {
    const resize = StreamResize.safeParse(raw);
    if (resize.success) open.get(resize.data.streamId)?.handle.resize(resize.data.cols, resize.data.rows);
  });
  socket.on("stream:cancel", (raw: unknown) => {
    const ref = StreamRef.safeParse(raw);
    if (ref.success) open.get(ref.data.streamId)?.handle.cancel();
  });
  socket.on("disconnect", () => {
    for (const stream of [...open.values()]) stream.handle.cancel();
  });

  return {
    /** Access changed: streams the user may no longer have are closed. */
    recheck(actor: Actor) {
      for (const stream of [...open.values()]) {
        if (!can(actor, STREAM_PERMISSIONS[stream.type], stream.hostId)) stream.handle.cancel();
      }
    },
  };
}
