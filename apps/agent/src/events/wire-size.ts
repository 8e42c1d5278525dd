import type { RawEngineEvent } from "@dockmaster/docker";

/** What the server accepts (packages/protocol EngineEvent): longer values are cut, not refused forever. */
const MAX_KEY = 512;
const MAX_VALUE = 16_384;
const MAX_ACTION = 4_096; // exec_start actions carry the command line
/** An event's attributes beyond this (hundreds of big labels) keep only the identifying ones. */
const MAX_ATTRIBUTES_CHARS = 64_000;
const ESSENTIAL = ["name", "image", "exitCode", "container", "type", "signal"];

/** An engine event bounded to what one batch message can carry. */
export function fitForWire(event: RawEngineEvent): RawEngineEvent {
  let total = 0;
  let cut = false;
  if (event.action.length > MAX_ACTION) event = { ...event, action: event.action.slice(0, MAX_ACTION) };
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.actorAttributes)) {
    const k = key.slice(0, MAX_KEY);
    const v = value.slice(0, MAX_VALUE);
    cut ||= k !== key || v !== value;
    attributes[k] = v;
    total += k.length + v.length;
  }
  if (total > MAX_ATTRIBUTES_CHARS) {
    const kept: Record<string, string> = { "dockmaster.truncated": "true" };
    for (const key of ESSENTIAL) if (attributes[key] !== undefined) kept[key] = attributes[key].slice(0, 1_024);
    return { ...event, actorAttributes: kept };
  }
  return cut ? { ...event, actorAttributes: { ...attributes, "dockmaster.truncated": "true" } } : event;
}
