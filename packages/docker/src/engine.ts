import Docker from "dockerode";
import type { ContainerInspect, ContainerSummary, EngineIdentity, EngineInfo, ImageSummary } from "@dockmaster/protocol";
import type { EngineConfig } from "./config";
import { engineCall, tolerateNotModified } from "./errors";
import { engineEvents, type RawEngineEvent } from "./events";
import { toContainerSummary, toEngineIdentity, toEngineInfo, toImageSummary } from "./mappers";

export interface CreateContainerSpec {
  image: string;
  name?: string;
  cmd?: string[];
  labels?: Record<string, string>;
  portBindings?: Array<{ containerPort: number; protocol: "tcp" | "udp"; hostIp: string; hostPort: string }>;
}

/** Typed operations on one Docker engine; every failure is an EngineError. */
export interface Engine {
  ping(): Promise<void>;
  identity(): Promise<EngineIdentity>;
  info(): Promise<EngineInfo>;
  listContainers(options: { all: boolean }): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerInspect>;
  createContainer(spec: CreateContainerSpec): Promise<{ id: string }>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  restartContainer(id: string, timeoutSeconds?: number): Promise<void>;
  removeContainer(id: string, options: { force: boolean }): Promise<void>;
  listImages(): Promise<ImageSummary[]>;
  events(options: { since?: number; signal: AbortSignal }): AsyncIterable<RawEngineEvent>;
}

function connect(config: EngineConfig): Docker {
  if (config.kind === "unix") return new Docker({ socketPath: config.socketPath });
  return new Docker({ protocol: config.tls ? "https" : "http", host: config.host, port: config.port, ...(config.tls ?? {}) });
}

export function createEngine(config: EngineConfig): Engine {
  const docker = connect(config);
  const info = () => engineCall(async () => (await docker.info()) as Record<string, unknown>);
  const version = () => engineCall(() => docker.version());

  return {
    ping: () => engineCall(async () => void (await docker.ping())),
    identity: async () => toEngineIdentity(await info(), await version()),
    info: async () => toEngineInfo(await info(), await version()),
    listContainers: ({ all }) => engineCall(async () => (await docker.listContainers({ all })).map(toContainerSummary)),
    inspectContainer: (id) => engineCall(async () => (await docker.getContainer(id).inspect()) as unknown as ContainerInspect),
    createContainer: (spec) =>
      engineCall(async () => {
        const exposed: Record<string, object> = {};
        const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
        for (const p of spec.portBindings ?? []) {
          const key = `${p.containerPort}/${p.protocol}`;
          exposed[key] = {};
          (bindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
        }
        const container = await docker.createContainer({
          Image: spec.image,
          name: spec.name,
          Cmd: spec.cmd,
          Labels: spec.labels,
          ExposedPorts: exposed,
          HostConfig: { PortBindings: bindings },
        });
        return { id: container.id };
      }),
    startContainer: (id) => tolerateNotModified(() => docker.getContainer(id).start()),
    stopContainer: (id, t) => tolerateNotModified(() => docker.getContainer(id).stop(t === undefined ? {} : { t })),
    restartContainer: (id, t) => engineCall(async () => void (await docker.getContainer(id).restart(t === undefined ? {} : { t }))),
    removeContainer: (id, { force }) => engineCall(async () => void (await docker.getContainer(id).remove({ force }))),
    listImages: () => engineCall(async () => (await docker.listImages()).map(toImageSummary)),
    events: (options) => engineEvents(docker, options),
  };
}
