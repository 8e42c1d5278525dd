import type { ServiceContext } from "./context";
import type { ContainerCreateSpec } from "@dockmaster/protocol";
import type { Path } from "./diagnostics";
import { isPlain } from "./merge";
import { parseBytes, parseCpus } from "./units";
import { scalarText } from "./lists";

type Limits = NonNullable<ContainerCreateSpec["limits"]>;

/**
 * Memory, CPU and PID limits from the service keys (mem_limit, memswap_limit, mem_reservation,
 * cpus, cpu_shares, pids_limit) and from deploy.resources. Both given with different values is an
 * error, as in compose; CPU reservations have no engine equivalent (a warning).
 */
export function parseLimits(service: Record<string, unknown>, ctx: ServiceContext): Limits | undefined {
  const deploy = isPlain(service.deploy) ? service.deploy : {};
  const resources = isPlain(deploy.resources) ? deploy.resources : {};
  const limits = isPlain(resources.limits) ? resources.limits : {};
  const reservations = isPlain(resources.reservations) ? resources.reservations : {};
  const out: Limits = {};
  const pick = (field: keyof Limits, parse: (v: unknown) => number | undefined, expected: string, direct: [string, unknown], viaDeploy: [Path, unknown]) => {
    const a = direct[1] === undefined ? undefined : parse(direct[1]);
    const b = viaDeploy[1] === undefined ? undefined : parse(viaDeploy[1]);
    if (direct[1] !== undefined && a === undefined) return ctx.error([direct[0]], `${direct[0]} "${scalarText(direct[1])}" is not ${expected}`);
    if (viaDeploy[1] !== undefined && b === undefined) return ctx.error(viaDeploy[0], `${viaDeploy[0].join(".")} "${scalarText(viaDeploy[1])}" is not ${expected}`);
    if (a !== undefined && b !== undefined && a !== b) return ctx.error([direct[0]], `${direct[0]} and ${viaDeploy[0].join(".")} disagree: set one of them`);
    const value = a ?? b;
    // 0 means "no limit" in compose (and to the engine), not a limit of nothing.
    if (value !== undefined && value !== 0) out[field] = value;
  };
  const integer = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined);
  pick("memoryBytes", parseBytes, "a size (e.g. 512m, 1g)", ["mem_limit", service.mem_limit], [["deploy", "resources", "limits", "memory"], limits.memory]);
  pick("nanoCpus", parseCpus, "a number of CPUs (e.g. 0.5)", ["cpus", service.cpus], [["deploy", "resources", "limits", "cpus"], limits.cpus]);
  pick("pidsLimit", integer, "a whole number", ["pids_limit", service.pids_limit], [["deploy", "resources", "limits", "pids"], limits.pids]);
  pick("memoryReservationBytes", parseBytes, "a size (e.g. 512m, 1g)", ["mem_reservation", service.mem_reservation], [["deploy", "resources", "reservations", "memory"], reservations.memory]);
  if (service.memswap_limit !== undefined) {
    // -1: unlimited swap; otherwise a size (memory + swap).
    const swap = service.memswap_limit === -1 || service.memswap_limit === "-1" ? -1 : parseBytes(service.memswap_limit);
    if (swap === undefined) ctx.error(["memswap_limit"], `memswap_limit "${scalarText(service.memswap_limit)}" is not a size`);
    else out.memorySwapBytes = swap;
  }
  if (service.cpu_shares !== undefined) {
    const shares = integer(service.cpu_shares);
    if (shares === undefined) ctx.error(["cpu_shares"], `cpu_shares "${scalarText(service.cpu_shares)}" is not a number`);
    else out.cpuShares = shares;
  }
  if (reservations.cpus !== undefined) ctx.warn(["deploy", "resources", "reservations", "cpus"], "CPU reservations have no engine equivalent outside swarm and are ignored", true);
  for (const key of ["devices", "generic_resources"]) {
    if (reservations[key] !== undefined) ctx.error(["deploy", "resources", "reservations", key], `deploy.resources.reservations.${key} is not supported: the service would start without the devices it asks for`, true);
  }
  return Object.keys(out).length ? out : undefined;
}

const RESTART = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/;

/** `restart:` ("no", "always", "unless-stopped", "on-failure[:N]"), or deploy.restart_policy when restart is not set. */
export function parseRestart(service: Record<string, unknown>, ctx: ServiceContext): Pick<ContainerCreateSpec, "restartPolicy" | "restartMaxRetries"> {
  if (service.restart !== undefined) {
    const match = RESTART.exec(scalarText(service.restart));
    if (!match || (match[2] !== undefined && match[1] !== "on-failure")) {
      ctx.error(["restart"], `restart "${scalarText(service.restart)}" must be no, always, unless-stopped or on-failure[:max-retries]`);
      return {};
    }
    const policy = match[1] as "no" | "always" | "unless-stopped" | "on-failure";
    return { restartPolicy: policy, ...(match[2] !== undefined ? { restartMaxRetries: Number(match[2]) } : {}) };
  }
  const deploy = isPlain(service.deploy) ? service.deploy : {};
  if (!isPlain(deploy.restart_policy)) return {};
  const policy = deploy.restart_policy;
  for (const key of ["delay", "window"]) if (policy[key] !== undefined) ctx.warn(["deploy", "restart_policy", key], `deploy.restart_policy.${key} is not supported by the engine and is ignored`, true);
  switch (policy.condition ?? "any") {
    case "none":
      return { restartPolicy: "no" };
    case "on-failure":
      return { restartPolicy: "on-failure", ...(policy.max_attempts !== undefined ? { restartMaxRetries: Number(policy.max_attempts) } : {}) };
    default:
      return { restartPolicy: "always" };
  }
}
