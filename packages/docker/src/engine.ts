import type { ContainerInspect, ContainerSummary, EngineIdentity, EngineInfo, ImageSummary } from "@dockmaster/protocol";
import { connect, describeEndpoint, type EngineConfig } from "./connection";
import { shareDiskUsage } from "./coalesce";
import { containerOperations, type CreateContainerSpec } from "./containers";
import { errorMapper } from "./errors";
import { engineEvents, type EngineEventsOptions, type RawEngineEvent } from "./events";
import { imageOperations, type EngineImages } from "./images";
import { systemOperations } from "./system";
import { networkOperations, type EngineNetworks } from "./networks";
import { volumeOperations, type EngineVolumes } from "./volumes";
import { diskUsageOperations, type EngineDiskUsage } from "./disk-usage";
import { streamOperations, type EngineStreams } from "./streams";
import { projectOperations, type EngineProjects } from "./projects";
import { fileOperations, type EngineFiles } from "./container-files";

/** Typed operations on one Docker engine. Every failure is an EngineError. */
export interface Engine extends EngineImages, EngineStreams, EngineNetworks, EngineVolumes, EngineDiskUsage, EngineProjects, EngineFiles {
  /** The address, e.g. unix:///var/run/docker.sock, as error messages name it. */
  readonly endpoint: string;
  ping(): Promise<void>;
  identity(): Promise<EngineIdentity>;
  info(): Promise<EngineInfo>;
  listContainers(options: { all: boolean }): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerInspect>;
  createContainer(spec: CreateContainerSpec): Promise<{ id: string }>;
  /** Create + start; a container that cannot start is removed again and the error says so. */
  runContainer(spec: CreateContainerSpec): Promise<{ id: string }>;
  /** The first start of a container createContainer made: one that cannot start is removed again and the error says so. */
  startCreated(id: string): Promise<void>;
  /** Removes a container created but never started (with its anonymous volumes); never rejects: says whether it is gone, in words for an error or summary. */
  discardCreated(id: string): Promise<{ removed: boolean; words: string }>;
  /** Starting a running container succeeds (the engine's 304). */
  startContainer(id: string): Promise<void>;
  /** Stopping a stopped container succeeds (the engine's 304). */
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  restartContainer(id: string, timeoutSeconds?: number): Promise<void>;
  removeContainer(id: string, options: { force: boolean }): Promise<void>;
  /** Sends `signal` (a name like SIGKILL, or a number) to the container's main process. */
  killContainer(id: string, signal: string | number): Promise<void>;
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  listImages(): Promise<ImageSummary[]>;
  /** Engine events as they happen, until `signal` aborts. */
  events(options: EngineEventsOptions): AsyncIterable<RawEngineEvent>;
}

/** An Engine for `config`. Connects lazily: creating one does no I/O. */
export function createEngine(config: EngineConfig): Engine {
  const docker = shareDiskUsage(connect(config));
  const endpoint = describeEndpoint(config);
  const errors = errorMapper(endpoint);
  return {
    endpoint,
    ...systemOperations(docker, errors),
    ...containerOperations(docker, errors),
    ...imageOperations(docker, errors),
    ...networkOperations(docker, errors),
    ...volumeOperations(docker, errors),
    ...diskUsageOperations(docker, errors),
    ...streamOperations(docker, errors),
    ...projectOperations(docker, errors),
    ...fileOperations(docker, errors),
    events: (options) => engineEvents(docker, errors, options),
  };
}
