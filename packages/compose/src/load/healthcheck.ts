import type { ServiceContext } from "./context";
import type { ContainerCreateSpec } from "@dockmaster/protocol";
import { isPlain } from "./merge";
import { parseDuration } from "./units";
import { scalarText } from "./lists";

type Healthcheck = NonNullable<ContainerCreateSpec["healthcheck"]>;

const DURATIONS = [
  ["interval", "intervalNs"],
  ["timeout", "timeoutNs"],
  ["start_period", "startPeriodNs"],
  ["start_interval", "startIntervalNs"],
] as const;

/**
 * `healthcheck:`. test as a string runs through the shell (CMD-SHELL); as a list it starts with
 * CMD, CMD-SHELL or NONE; `disable: true` is test NONE. Without a test the image's own is kept (the
 * engine's empty test) and only the timings change.
 */
export function parseHealthcheck(value: unknown, ctx: ServiceContext): Healthcheck | undefined {
  if (!isPlain(value)) return undefined;
  if (value.disable === true) return { test: ["NONE"] };
  let test: string[] = [];
  if (typeof value.test === "string") test = ["CMD-SHELL", value.test];
  else if (Array.isArray(value.test)) {
    test = value.test.map(String);
    if (test.length > 0 && !["CMD", "CMD-SHELL", "NONE"].includes(test[0]!)) {
      ctx.error(["healthcheck", "test"], `healthcheck test lists start with "CMD", "CMD-SHELL" or "NONE", not "${test[0]}"`);
    }
  }
  const out: Healthcheck = { test };
  for (const [key, field] of DURATIONS) {
    if (value[key] === undefined) continue;
    const ns = parseDuration(value[key]);
    if (ns === undefined) ctx.error(["healthcheck", key], `healthcheck ${key} "${scalarText(value[key])}" is not a duration (e.g. 30s, 1m30s, 500ms)`);
    else out[field] = ns;
  }
  if (value.retries !== undefined) out.retries = Number(value.retries);
  if (test[0] === "NONE" && Object.keys(out).length > 1) {
    // The engine refuses timings on a disabled check; they mean nothing there.
    ctx.warn(["healthcheck"], "the healthcheck is disabled (test NONE): its interval, timeout, retries and start period are ignored", true);
    return { test };
  }
  return out;
}
