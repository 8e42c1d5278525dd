import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { EngineEvent } from "@dockmaster/protocol";
import { EngineError, toEngineError } from "./errors";

export type RawEngineEvent = Omit<EngineEvent, "seq">;

interface WireEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

function toEvent(e: WireEvent): RawEngineEvent {
  // timeNano exceeds 2^53 as a JSON number; its precision loss is below a microsecond.
  const timeNano = e.timeNano ? BigInt(Math.round(e.timeNano)).toString() : (BigInt(e.time ?? 0) * 1_000_000_000n).toString();
  return {
    timeNano,
    type: e.Type ?? "unknown",
    action: e.Action ?? e.status ?? "unknown",
    actorId: e.Actor?.ID ?? e.id ?? "",
    actorAttributes: e.Actor?.Attributes ?? {},
  };
}

/**
 * GET /events as an async iterable of parsed events. Ends when `signal` aborts; throws
 * EngineError if the engine closes or breaks the stream.
 */
export async function* engineEvents(docker: Docker, options: { since?: number; signal: AbortSignal }): AsyncGenerator<RawEngineEvent> {
  if (options.signal.aborted) return;
  let stream: Readable;
  try {
    stream = (await docker.getEvents(options.since !== undefined ? { since: options.since } : {})) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error);
  }
  const abort = () => stream.destroy();
  options.signal.addEventListener("abort", abort, { once: true });
  let pending = "";
  try {
    for await (const chunk of stream) {
      pending += (chunk as Buffer).toString("utf8");
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) yield toEvent(JSON.parse(line) as WireEvent);
      }
    }
  } catch (error) {
    if (options.signal.aborted) return;
    throw toEngineError(error);
  } finally {
    options.signal.removeEventListener("abort", abort);
    stream.destroy();
  }
  if (!options.signal.aborted) throw new EngineError("ENGINE_UNREACHABLE", "the engine closed its event stream");
}
