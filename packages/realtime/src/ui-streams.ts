import type { Socket } from "socket.io";
import { z } from "zod";
import { AppError, can, MUTATING_STREAMS, STREAM_PERMISSIONS, type Actor, type AuditLog } from "@dockmaster/core";
import { isBrowserStreamType, StreamInput, StreamRef, StreamResize, type BrowserStreamType, type RegistryLogin, type StreamEnd } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";
import type { Logger } from "./logger";
import { auditFromSocket } from "./socket-audit";
import type { StreamHandle } from "./stream-relay";
import { STREAM_LIMITS, type StreamQuota } from "./stream-quota";

export interface UiStreamDeps {
  hub: SocketAgentHub;
  audit: AuditLog;
  log: Logger;
  /** Stored credentials for the registry an image reference names (pull/push), decrypted here only. */
  registryAuth?: (imageRef: string) => Promise<RegistryLogin | undefined>;
  /**
   * How long a browser may take to acknowledge a batch of frames. A tab that does not (frozen,
   * gone, too slow) has that stream closed with a TIMEOUT naming why: the agent is never blamed.
   */
  browserAckTimeoutMs?: number;
}

const OpenPayload = z.object({ streamId: z.string().min(1).max(100), hostId: z.string().min(1).max(100), type: z.string().min(1).max(100), params: z.record(z.string(), z.unknown()).default({}) });
const BROWSER_ACK_TIMEOUT_MS = 60_000;

interface BrowserStream {
  hostId: string;
  type: BrowserStreamType;
  handle: StreamHandle;
}

/** The socket's user as the database says now (null: the session ended, the socket is being closed). */
type CurrentActor = () => Promise<Actor | null>;
const SESSION_ENDED = refusalOf("UNAUTHORIZED", "your session has ended: sign in again");
function refusalOf(code: string, message: string) {
  return { ok: false, error: { code, message } };
}

type Reply = (value: unknown) => void;
const replyOf = (ack: unknown): Reply => (typeof ack === "function" ? (ack as Reply) : () => undefined);
const refusal = (code: string, message: string) => ({ ok: false, error: { code, message } });

/** What the audit trail keeps about a stream: its target and the params worth knowing (never auth). */
const str = (value: unknown) => (typeof value === "string" ? value : "");

function auditTarget(type: BrowserStreamType, params: Record<string, unknown>) {
  if (type.startsWith("container.")) return { type: "containers", id: str(params.id) };
  if (type === "image.build") return { type: "images", name: Array.isArray(params.tags) ? params.tags.filter((t) => typeof t === "string").join(", ") : "" };
  return { type: "images", name: str(params.ref) };
}
function auditParams(type: BrowserStreamType, params: Record<string, unknown>) {
  if (type === "container.exec") return { cmd: params.cmd ?? ["sh"], tty: params.tty ?? true, user: params.user };
  if (type === "image.build") return { tags: params.tags, dockerfile: params.dockerfile, target: params.target, noCache: params.noCache, buildArgs: Object.keys((params.buildArgs as object | undefined) ?? {}) };
  return { ref: params.ref };
}

/**
 * A browser socket's streams. Opening one needs the stream type's permission on the host (the
 * catalogue's STREAM_PERMISSIONS — the same check tRPC makes); refusals are audited, and so are
 * the streams that change something (exec sessions with start and end, pull, push, build).
 */
export function attachUiStreams(socket: Socket, currentActor: CurrentActor, deps: UiStreamDeps & { quota: StreamQuota }) {
  const open = new Map<string, BrowserStream>();
  const pending = new Set<string>();
  const ackTimeoutMs = deps.browserAckTimeoutMs ?? BROWSER_ACK_TIMEOUT_MS;

  socket.on("stream:open", (raw: unknown, ack?: unknown) => {
    const reply = replyOf(ack);
    void openStream(raw).then(reply, (error: unknown) => {
      const message = error instanceof AppError ? error.message : "the stream could not be opened";
      if (!(error instanceof AppError)) deps.log.error("stream open failed", { error: String(error) });
      reply(refusal(error instanceof AppError ? error.code : "INTERNAL", message));
    });
  });

  async function openStream(raw: unknown) {
    const payload = OpenPayload.safeParse(raw);
    if (!payload.success) return refusal("BAD_REQUEST", "stream:open needs { streamId, hostId, type, params } (strings of 1 to 100 characters, params an object)");
    const { streamId, hostId, type, params } = payload.data;
    const actor = await currentActor();
    if (!actor) return SESSION_ENDED;
    if (open.has(streamId) || pending.has(streamId)) return refusal("BAD_REQUEST", `stream ${streamId} is already open`);
    // Server-only streams (stack.apply) are unknown to browsers: their params are what the server checked itself.
    if (!isBrowserStreamType(type)) return refusal("BAD_REQUEST", `unknown stream type "${type}"`);
    const permission = STREAM_PERMISSIONS[type];
    if (!can(actor, permission, hostId)) {
      await auditFromSocket(deps.audit, deps.log, socket, actor, { action: `stream.${type}`, hostId, target: auditTarget(type, params), result: "denied", error: `permission ${permission} is required` });
      return refusal("FORBIDDEN", `permission ${permission} is required`);
    }
    // Registry credentials come from the server's store, never from the browser.
    if ("auth" in params) return refusal("BAD_REQUEST", "auth: registry credentials are taken from the stored registries, not sent by the browser");
    // Counted from here on (opens still in flight included), until the stream ends.
    if (open.size + pending.size >= STREAM_LIMITS.perSocket) return refusal("TOO_MANY_REQUESTS", `at most ${STREAM_LIMITS.perSocket} streams per browser tab: close some first`);
    const slot = deps.quota.reserve(actor.id, hostId);
    if ("refused" in slot) return refusal("TOO_MANY_REQUESTS", slot.refused);
    pending.add(streamId);
    try {
      return await startStream(actor, streamId, hostId, type, params, slot.release);
    } catch (error) {
      slot.release();
      throw error;
    } finally {
      pending.delete(streamId);
    }
  }

  /** `release` (idempotent) gives the quota slot back when the stream ends. */
  async function startStream(actor: Actor, streamId: string, hostId: string, type: BrowserStreamType, params: Record<string, unknown>, release: () => void) {
    const agentParams = (type === "image.pull" || type === "image.push") && deps.registryAuth ? { ...params, auth: await deps.registryAuth(str(params.ref)) } : params;

    const started = Date.now();
    const mutating = MUTATING_STREAMS.has(type);
    // The browser names the stream (so it can listen before asking); the relay has its own id toward the agent.
    let ended = false;
    // An exec's end record must follow its start record, even when the process exits at once.
    let startWritten: () => void = () => undefined;
    const startAudited = new Promise<void>((resolve) => (startWritten = resolve));
    let handle: StreamHandle | undefined;
    try {
      handle = await deps.hub.streams.open(hostId, type, agentParams as never, {
        frames: async (frames) => {
          try {
            await socket.timeout(ackTimeoutMs).emitWithAck("stream:frames", { streamId, frames });
          } catch (error) {
            // The browser's problem, not the host's: this stream closes, saying why; the agent is only told to stop.
            handle?.abort({ code: "TIMEOUT", message: `the browser did not take the stream's output within ${ackTimeoutMs / 1_000} s: the stream was closed (reopen it)` });
            throw error;
          }
        },
        end: (end: StreamEnd) => {
          ended = true;
          release();
          open.delete(streamId);
          socket.emit("stream:end", { ...end, streamId });
          if (mutating) {
            void startAudited.then(() => auditFromSocket(deps.audit, deps.log, socket, actor, {
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
      startWritten();
      if (mutating) {
        await auditFromSocket(deps.audit, deps.log, socket, actor, { action: `stream.${type}`, hostId, target: auditTarget(type, params), params: auditParams(type, params), result: "error", error: error instanceof Error ? error.message : String(error) });
      }
      throw error;
    }
    if (!socket.connected) handle.cancel(); // the tab closed while the host was opening it
    else if (!ended) open.set(streamId, { hostId, type, handle });
    if (type === "container.exec") {
      void auditFromSocket(deps.audit, deps.log, socket, actor, { action: "container.exec.start", hostId, target: auditTarget(type, params), params: auditParams(type, params), result: "ok" }).finally(startWritten);
    } else startWritten();
    return { ok: true, streamId };
  }

  socket.on("stream:input", (raw: unknown, ack?: unknown) => {
    const reply = replyOf(ack);
    const input = StreamInput.safeParse(raw);
    if (!input.success) return reply(refusal("BAD_REQUEST", "stream:input needs { streamId, data: bytes ≤ 512 KiB }"));
    if (!open.has(input.data.streamId)) return reply(refusal("NOT_FOUND", "no such open stream"));
    // Input (a terminal's keystrokes) goes on only while the session and the permission hold now.
    currentActor()
      .then(async (actor) => {
        if (!actor) return reply(SESSION_ENDED);
        const stream = open.get(input.data.streamId);
        if (!stream) return reply(refusal("NOT_FOUND", "no such open stream"));
        await stream.handle.input(input.data.data);
        reply({ ok: true });
      })
      .catch((error: unknown) => reply(refusal("BAD_REQUEST", error instanceof AppError ? error.message : "input refused")));
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
    /** Access changed (or was re-read): streams the user may no longer have are closed. */
    recheck(actor: Actor) {
      for (const stream of [...open.values()]) {
        if (!can(actor, STREAM_PERMISSIONS[stream.type], stream.hostId)) stream.handle.cancel();
      }
    },
  };
}
