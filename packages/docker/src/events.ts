import type { Readable } from "node:stream";
import { lines } from "./streams/json-lines";
import type Docker from "dockerode";
import type { EngineEvent } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "./errors";

/** An engine event before the agent stamps its per-host `seq`. */
export type RawEngineEvent = Omit<EngineEvent, "seq">;

interface WireEvent {
  Type?: string;
  Action?: string;
  status?: string; // pre-1.22 name of Action, still sent
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
}

/**
 * One line of GET /events. timeNano exceeds 2^53, so JSON.parse would round it: its digits are
 * taken from the text instead (resuming with `since` and de-duplicating rely on exact values).
 */
export function parseEventLine(line: string): RawEngineEvent {
  const e = JSON.parse(line) as WireEvent;
  const timeNano = /"timeNano"\s*:\s*(\d+)/.exec(line)?.[1] ?? (BigInt(e.time ?? 0) * 1_000_000_000n).toString();
  return {
    timeNano,
    type: e.Type ?? "unknown",
    action: e.Action ?? e.status ?? "unknown",
    actorId: e.Actor?.ID ?? e.id ?? "",
    actorAttributes: e.Actor?.Attributes ?? {},
  };
}

/** What GET /events accepts as a full-precision `since`: "<seconds>.<nanoseconds>" (inclusive). */
export function sinceParam(timeNano: string): string {
  const nano = BigInt(timeNano);
  return `${nano / 1_000_000_000n}.${(nano % 1_000_000_000n).toString().padStart(9, "0")}`;
}

export interface EngineEventsOptions {
  /** Unix seconds: replay from there (inclusive). */
  since?: number;
  /** A timeNano: replay from exactly there (inclusive; dockerd keeps its last 256 events). */
  sinceNano?: string;
  signal: AbortSignal;
  /** Called once the engine accepted the subscription (a replay, if any, follows at once). */
  onOpen?: () => void;
}

/**
 * GET /events as events arrive. Ends cleanly when `signal` aborts; throws EngineError when the
 * engine cannot be reached or the stream breaks or ends (an engine never ends it on its own: it
 * went away).
 */
export async function* engineEvents(docker: Docker, errors: ErrorMapper, options: EngineEventsOptions): AsyncGenerator<RawEngineEvent> {
  const { signal } = options;
  if (signal.aborted) return;
  const since = options.sinceNano !== undefined ? sinceParam(options.sinceNano) : options.since;
  // dockerode types `since` as a number, but passes it into the query as is: "<s>.<ns>" works.
  const query = since === undefined ? {} : { since: since as number };
  let stream: Readable;
  try {
    stream = (await docker.getEvents({ ...query, abortSignal: signal })) as unknown as Readable;
  } catch (error) {
    if (signal.aborted) return;
    throw errors.map(error);
  }
  const abort = () => stream.destroy();
  signal.addEventListener("abort", abort, { once: true });
  if (signal.aborted) abort(); // aborted while connecting
  else options.onOpen?.();
  try {
    for await (const line of lines(stream as AsyncIterable<Buffer>)) yield parseEventLine(line);
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof SyntaxError) throw new EngineError("ENGINE_ERROR", `the engine sent a malformed event: ${error.message}`);
    throw errors.map(error);
  } finally {
    signal.removeEventListener("abort", abort);
    stream.destroy();
  }
  if (!signal.aborted) throw new EngineError("ENGINE_UNREACHABLE", "the engine closed its event stream");
}
