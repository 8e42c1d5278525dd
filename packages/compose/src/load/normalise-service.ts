import { normalize } from "pathe";
import type { DependsOn, ServiceBuild, ServiceModel } from "../model";
import { parseCommand } from "./command";
import type { ServiceContext } from "./context";
import type { ContainerCreateSpec } from "@dockmaster/protocol";
import type { Diagnostics } from "./diagnostics";
import { parseHealthcheck } from "./healthcheck";
import { parseLimits, parseRestart } from "./limits";
import { scalarText, stringOrList } from "./lists";
import { isPlain } from "./merge";
import { parseExpose, parsePorts } from "./ports";
import { serviceNetworking } from "./service-networks";
import { buildArgs, serviceEnvironment, type StackFiles } from "./service-env";
import { parseDevices, parseExtraHosts, parseLogging, parseTmpfs, parseUlimits, stringMap } from "./service-options";
import { UNSUPPORTED_BUILD_KEYS, UNSUPPORTED_DEPLOY_KEYS, UNSUPPORTED_SERVICE_KEYS } from "./unsupported";
import { parseBytes, parseDuration } from "./units";
import { parseServiceVolumes } from "./volumes";

export type NormalisedService = Omit<ServiceModel, "configHash" | "create"> & { create: ContainerCreateSpec };

export interface ServiceResources {
  networkNames: Record<string, string>;
  volumeNames: Record<string, string>;
  files: StackFiles;
}

/** Keys read below (x-* extension keys are the author's own and ignored, as compose does). */
const HANDLED = new Set([
  "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "networks", "network_mode",
  "depends_on", "healthcheck", "restart", "deploy", "scale", "mem_limit", "memswap_limit", "mem_reservation", "cpus", "cpu_shares",
  "pids_limit", "ulimits", "labels", "container_name", "hostname", "domainname", "user", "working_dir", "init", "stop_signal",
  "stop_grace_period", "tty", "stdin_open", "extra_hosts", "dns", "dns_search", "dns_opt", "cap_add", "cap_drop", "privileged",
  "devices", "security_opt", "read_only", "sysctls", "shm_size", "tmpfs", "logging", "pid", "ipc", "uts", "userns_mode",
  "pull_policy", "profiles", "extends", "links",
]);

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** One service of the merged model into what the planner creates: its create spec, networks, dependencies. */
export function normaliseService(name: string, service: Record<string, unknown>, resources: ServiceResources, ctx: ServiceContext, diagnostics: Diagnostics): { model: NormalisedService; networks: string[]; volumes: string[] } {
  reportUnsupported(service, ctx);
  const build = parseBuild(service.build, ctx);
  const image = service.image !== undefined ? scalarText(service.image) : build ? `${ctx.project}-${name}` : "";
  if (!image) ctx.error([], `service "${name}" has neither an image nor a build context`, true);
  const networking = serviceNetworking(service, resources.networkNames, ctx);
  const volumes = parseServiceVolumes(service.volumes, resources.volumeNames, ctx);
  const tmpfs = { ...parseTmpfs(service.tmpfs, ctx), ...volumes.tmpfs };
  const [primary, ...extra] = networking.networks;
  const env = serviceEnvironment(service, resources.files, ctx, diagnostics);
  const labels = ownLabels(stringMap(service.labels), ctx);
  const portBindings = parsePorts(service.ports, ctx);
  if (portBindings.length && (networking.mode === "host" || networking.mode === "none")) {
    // The engine ignores published ports there (host: the ports are the host's own; none: no network).
    ctx.warn(["ports"], `ports are not published with network_mode: ${networking.mode}`, true);
  }
  const exposedPorts = parseExpose(service.expose, ctx);
  const devices = parseDevices(service.devices, ctx);
  const sysctls = stringMap(service.sysctls);
  const extraHosts = parseExtraHosts(service.extra_hosts);
  const list = (key: string) => stringOrList(service[key]).map(String);
  const create: ContainerCreateSpec = {
    image,
    cmd: parseCommand(service.command, "command", ctx),
    entrypoint: parseCommand(service.entrypoint, "entrypoint", ctx),
    env: env.length ? env : undefined,
    labels: Object.keys(labels).length ? labels : undefined,
    workingDir: text(service.working_dir),
    user: text(service.user),
    tty: flag(service, "tty", ctx),
    openStdin: flag(service, "stdin_open", ctx),
    hostname: text(service.hostname),
    domainname: text(service.domainname),
    portBindings: portBindings.length ? portBindings : undefined,
    exposedPorts: exposedPorts.length ? exposedPorts : undefined,
    binds: volumes.binds.length ? volumes.binds : undefined,
    mounts: volumes.mounts.length ? volumes.mounts : undefined,
    tmpfs: Object.keys(tmpfs).length ? tmpfs : undefined,
    networkMode: networking.mode ?? primary?.name,
    networkAliases: primary?.aliases,
    ipv4Address: primary?.ipv4Address,
    extraNetworks: extra.length ? extra.map((n) => ({ name: n.name, aliases: n.aliases, ...(n.ipv4Address ? { ipv4Address: n.ipv4Address } : {}) })) : undefined,
    pidMode: text(service.pid),
    ipcMode: text(service.ipc),
    utsMode: text(service.uts),
    usernsMode: text(service.userns_mode),
    privileged: flag(service, "privileged", ctx),
    capAdd: service.cap_add !== undefined ? list("cap_add") : undefined,
    capDrop: service.cap_drop !== undefined ? list("cap_drop") : undefined,
    devices: devices.length ? devices : undefined,
    securityOpt: service.security_opt !== undefined ? list("security_opt") : undefined,
    readOnlyRootfs: flag(service, "read_only", ctx),
    init: flag(service, "init", ctx),
    stopSignal: text(service.stop_signal),
    stopTimeout: stopTimeout(service.stop_grace_period, ctx),
    extraHosts: extraHosts.length ? extraHosts : undefined,
    dns: service.dns !== undefined ? list("dns") : undefined,
    dnsSearch: service.dns_search !== undefined ? list("dns_search") : undefined,
    dnsOptions: service.dns_opt !== undefined ? list("dns_opt") : undefined,
    sysctls: Object.keys(sysctls).length ? sysctls : undefined,
    shmSizeBytes: size(service.shm_size, "shm_size", ctx),
    ulimits: parseUlimits(service.ulimits, ctx),
    logConfig: parseLogging(service.logging, ctx),
    healthcheck: parseHealthcheck(service.healthcheck, ctx),
    ...parseRestart(service, ctx),
    limits: parseLimits(service, ctx),
  };
  const containerName = text(service.container_name);
  const replicas = parseReplicas(service, ctx);
  if (containerName !== undefined && !CONTAINER_NAME.test(containerName)) ctx.error(["container_name"], `container_name "${containerName}": names start with a letter or digit and may contain letters, digits and _ . -`);
  if (containerName !== undefined && replicas > 1) ctx.error(["container_name"], `service "${name}" sets container_name and ${replicas} replicas: a container name is unique, so at most one replica`);
  const model: NormalisedService = {
    name,
    replicas,
    image,
    ...(build ? { build } : {}),
    pullPolicy: pullPolicy(service.pull_policy, build !== undefined && service.image === undefined, ctx),
    create: withoutUndefined(create),
    ...(containerName !== undefined ? { containerName } : {}),
    networks: networking.networks,
    dependsOn: dependencies(service),
  };
  return { model, networks: networking.used, volumes: volumes.used };
}

function reportUnsupported(service: Record<string, unknown>, ctx: ServiceContext): void {
  for (const key of Object.keys(service)) {
    if (HANDLED.has(key) || key.startsWith("x-")) continue;
    const known = UNSUPPORTED_SERVICE_KEYS[key];
    const message = `${key} is not supported by Dockmaster${known ? `: ${known.why}` : " and is ignored"}`;
    if (known?.severity === "error") ctx.error([key], message, true);
    else ctx.warn([key], message, true);
  }
  const deploy = isPlain(service.deploy) ? service.deploy : {};
  for (const key of UNSUPPORTED_DEPLOY_KEYS) if (deploy[key] !== undefined) ctx.warn(["deploy", key], `deploy.${key} is a swarm setting and is ignored`, true);
  if (service.links !== undefined) ctx.warn(["links"], `links is not supported by Dockmaster: ${UNSUPPORTED_SERVICE_KEYS.links!.why}`, true);
}

/**
 * com.docker.compose.* labels say which project, service and config a container belongs to: the
 * planner sets them. One written in the file could make a container pass for another project's, so
 * it is dropped, and said.
 */
function ownLabels(labels: Record<string, string>, ctx: ServiceContext): Record<string, string> {
  for (const key of Object.keys(labels)) {
    if (!key.startsWith("com.docker.compose.")) continue;
    ctx.warn(["labels", key], `the label ${key} is set by Dockmaster for every container of the stack; the value written here is dropped`, true);
    delete labels[key];
  }
  return labels;
}

function parseBuild(value: unknown, ctx: ServiceContext): ServiceBuild | undefined {
  if (value === undefined) return undefined;
  const spec = isPlain(value) ? value : { context: value };
  for (const [key, severity] of Object.entries(UNSUPPORTED_BUILD_KEYS)) {
    if (spec[key] === undefined) continue;
    const message = `build.${key} is not supported by Dockmaster${severity === "error" ? ": the image would not be built as written" : " and is ignored"}`;
    if (severity === "error") ctx.error(["build", key], message, true);
    else ctx.warn(["build", key], message, true);
  }
  const context = scalarText(spec.context ?? ".");
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith("git@")) {
    ctx.error(["build", "context"], `build context "${context}": remote contexts are not supported; put the build files in the stack`);
    return undefined;
  }
  const normalised = normalize(context);
  if (normalised.startsWith("/") || normalised === ".." || normalised.startsWith("../")) {
    ctx.error(["build", "context"], `build context "${context}" is outside the stack's files`);
    return undefined;
  }
  return {
    context: normalised,
    dockerfile: spec.dockerfile === undefined ? "Dockerfile" : scalarText(spec.dockerfile),
    args: buildArgs(spec.args, ctx.variables),
    ...(spec.target !== undefined ? { target: scalarText(spec.target) } : {}),
  };
}

function pullPolicy(value: unknown, buildOnly: boolean, ctx: ServiceContext): ServiceModel["pullPolicy"] {
  if (value === undefined) return buildOnly ? "build" : "missing";
  const policy = scalarText(value);
  if (policy === "always" || policy === "missing" || policy === "never" || policy === "build") return policy;
  if (policy === "if_not_present") return "missing";
  ctx.warn(["pull_policy"], `pull_policy "${policy}" is not supported (periodic pulls); the image is pulled when missing`);
  return "missing";
}

function parseReplicas(service: Record<string, unknown>, ctx: ServiceContext): number {
  const deploy = isPlain(service.deploy) ? service.deploy : {};
  const scale = service.scale === undefined ? undefined : Number(service.scale);
  const replicas = deploy.replicas === undefined ? undefined : Number(deploy.replicas);
  if (scale !== undefined && replicas !== undefined && scale !== replicas) ctx.error(["scale"], `scale (${scale}) and deploy.replicas (${replicas}) disagree: set one of them`);
  const count = scale ?? replicas ?? 1;
  if (!Number.isInteger(count) || count < 0 || count > 100) {
    ctx.error(["deploy", "replicas"], `replicas must be a whole number from 0 to 100`);
    return 1;
  }
  return count;
}

/** depends_on (list, or map with condition / required / restart), plus the services network_mode / pid / ipc "service:x" and links need first. */
function dependencies(service: Record<string, unknown>): DependsOn[] {
  const out: DependsOn[] = [];
  const add = (name: string, condition: DependsOn["condition"] = "service_started", required = true, restart = false) => {
    if (!out.some((d) => d.service === name)) out.push({ service: name, condition, required, restart });
  };
  if (Array.isArray(service.depends_on)) service.depends_on.forEach((name) => add(scalarText(name)));
  else if (isPlain(service.depends_on)) {
    for (const [name, spec] of Object.entries(service.depends_on)) {
      const config = isPlain(spec) ? spec : {};
      add(name, (config.condition as DependsOn["condition"]) ?? "service_started", config.required !== false, config.restart === true || config.restart === "true");
    }
  }
  for (const key of ["network_mode", "pid", "ipc"]) {
    const value = service[key];
    if (typeof value === "string" && value.startsWith("service:")) add(value.slice("service:".length));
  }
  for (const link of stringOrList(service.links)) add(scalarText(link).split(":")[0]!);
  return out;
}

function stopTimeout(value: unknown, ctx: ServiceContext): number | undefined {
  if (value === undefined) return undefined;
  const ns = parseDuration(value);
  if (ns === undefined) return void ctx.error(["stop_grace_period"], `stop_grace_period "${scalarText(value)}" is not a duration (e.g. 10s, 1m30s)`);
  // The engine counts whole seconds, and compose truncates.
  const seconds = Math.floor(ns / 1e9);
  if (seconds > 3600) return void ctx.error(["stop_grace_period"], "stop_grace_period must be at most an hour");
  return seconds;
}

function size(value: unknown, key: string, ctx: ServiceContext): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseBytes(value);
  if (bytes === undefined) ctx.error([key], `${key} "${scalarText(value)}" is not a size (e.g. 64m, 1g)`);
  return bytes;
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : scalarText(value);
}

/** A boolean key: true / false, or the strings "true" / "false" the schema lets through; anything else is an error, never a silent false. */
function flag(service: Record<string, unknown>, key: string, ctx: ServiceContext): boolean | undefined {
  const value = service[key];
  if (value === undefined || typeof value === "boolean") return value;
  const text = scalarText(value).toLowerCase();
  if (text === "true" || text === "false") return text === "true";
  ctx.error([key], `${key} must be true or false, not "${scalarText(value)}"`);
  return undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
