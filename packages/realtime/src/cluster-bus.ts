import { randomUUID } from "node:crypto";
import type { Server } from "socket.io";
import { z } from "zod";

type Handler = (...args: unknown[]) => void;
type CallHandler = (payload: unknown) => Promise<unknown>;

/**
 * Server-to-server messages between control-plane instances: cache invalidations, access
 * changes, and the frames of a stream whose agent is held by another instance. In one process it
 * is an in-memory dispatcher; in scale-out mode it rides socket.io's serverSideEmit over the
 * Redis adapter. Whatever arrives from another instance is validated by its receiver.
 */
export interface ClusterBus {
  /** This instance's id (also the ControlPlaneInstance row and Host.connectedInstanceId). */
  readonly instanceId: string;
  /** True when other instances may exist (a cluster adapter is installed). */
  readonly clustered: boolean;
  /** Runs the topic's handlers here and on every other instance. */
  publish(topic: string, ...args: unknown[]): void;
  on(topic: string, handler: Handler): void;
  /**
   * Asks ONE instance (by id) and waits up to `timeoutMs` for its answer. socket.io's own
   * serverSideEmitWithAck waits for every instance and gives up after a fixed 5 s; a stream's
   * backpressure must wait as long as the browser reads, so answers travel as messages instead.
   */
  call(instanceId: string, topic: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  handle(topic: string, handler: CallHandler): void;
}

const PREFIX = "dm:";
const CallMessage = z.object({ to: z.string(), from: z.string(), callId: z.string(), payload: z.unknown() });
const ReplyMessage = z.object({ to: z.string(), callId: z.string(), ok: z.boolean(), answer: z.unknown() });

export class CallTimeout extends Error {}

export function createClusterBus(io: Server, options: { clustered: boolean; instanceId?: string }): ClusterBus {
  const instanceId = options.instanceId ?? randomUUID();
  const clustered = options.clustered;
  const local = new Map<string, Handler[]>();
  const callHandlers = new Map<string, CallHandler>();
  const pending = new Map<string, { resolve(answer: unknown): void; reject(error: Error): void }>();

  function listen(topic: string, handler: Handler) {
    if (clustered) io.on(PREFIX + topic, handler);
  }

  listen("reply", (raw: unknown) => {
    const reply = ReplyMessage.safeParse(raw);
    if (!reply.success || reply.data.to !== instanceId) return;
    const waiter = pending.get(reply.data.callId);
    pending.delete(reply.data.callId);
    if (reply.data.ok) waiter?.resolve(reply.data.answer);
    else waiter?.reject(new Error(typeof reply.data.answer === "string" ? reply.data.answer : "the instance failed"));
  });

  return {
    instanceId,
    clustered,
    publish(topic, ...args) {
      for (const handler of local.get(topic) ?? []) handler(...args);
      if (clustered) io.serverSideEmit(PREFIX + topic, ...args);
    },
    on(topic, handler) {
      local.set(topic, [...(local.get(topic) ?? []), handler]);
      listen(topic, handler);
    },
    call(target, topic, payload, timeoutMs) {
      if (target === instanceId) {
        const handler = callHandlers.get(topic);
        return handler ? handler(payload) : Promise.reject(new Error(`no handler for ${topic}`));
      }
      if (!clustered) return Promise.reject(new Error(`instance ${target} is unknown (single process)`));
      const callId = randomUUID();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(callId);
          reject(new CallTimeout(`instance ${target} did not answer ${topic} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(callId, {
          resolve: (answer) => (clearTimeout(timer), resolve(answer)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        io.serverSideEmit(PREFIX + "call:" + topic, { to: target, from: instanceId, callId, payload });
      });
    },
    handle(topic, handler) {
      callHandlers.set(topic, handler);
      listen("call:" + topic, (raw: unknown) => {
        const call = CallMessage.safeParse(raw);
        if (!call.success || call.data.to !== instanceId) return;
        const { from, callId } = call.data;
        handler(call.data.payload).then(
          (answer) => io.serverSideEmit(PREFIX + "reply", { to: from, callId, ok: true, answer: answer ?? null }),
          (error: unknown) => io.serverSideEmit(PREFIX + "reply", { to: from, callId, ok: false, answer: error instanceof Error ? error.message : String(error) }),
        );
      });
    },
  };
}
