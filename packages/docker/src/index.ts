// @dockmaster/docker: the only module that talks to dockerd (and imports dockerode).
export { createEngine, type Engine } from "./engine";
export { engineConfigFromEnv, engineConfigFromUrl, DEFAULT_SOCKET, type EngineConfig } from "./connection";
export type { CreateContainerSpec, PortBindingSpec } from "./containers";
export { EngineError, toEngineError } from "./errors";
export type { EngineEventsOptions, RawEngineEvent } from "./events";
export { DEFAULT_SCAN_LIMITS, type ScanLimits } from "./image-archive";
export type { BuildOptions, ExecOptions, ExecSession, LogOptions, StdFrame } from "./streams";
export { progressOf, jsonLines } from "./streams";
export type { WaitOptions } from "./projects";
export { DEFAULT_LIST_LIMITS, type ListLimits, type PathOwner, type PutFileEntry } from "./container-files";
