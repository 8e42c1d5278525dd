export { createEngine, type Engine, type CreateContainerSpec } from "./engine";
export { engineConfigFromEnv, DEFAULT_SOCKET, type EngineConfig } from "./config";
export { EngineError, toEngineError } from "./errors";
export type { RawEngineEvent } from "./events";
