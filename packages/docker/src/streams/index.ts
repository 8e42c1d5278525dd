import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { BuildFrame, ProgressFrame, StatsSample } from "@dockmaster/protocol";
import { pullImage, pushImage, type TransferOptions } from "./transfer";
import type { ErrorMapper } from "../errors";
import { buildImage, type BuildOptions } from "./build";
import { startExec, type ExecOptions, type ExecSession } from "./exec";
import { containerLogs, type LogOptions } from "./logs";
import { containerStats, containerStatsOnce } from "./stats";
import type { StdFrame } from "./stdcopy";

/** The engine's long-lived operations, each an async iterable (or a session) that ends on abort. */
export interface EngineStreams {
  containerLogs(id: string, options: LogOptions): AsyncIterable<StdFrame>;
  containerStats(id: string, signal: AbortSignal): AsyncIterable<StatsSample>;
  containerStatsOnce(id: string): Promise<StatsSample>;
  startExec(id: string, options: ExecOptions): Promise<ExecSession>;
  buildImage(context: Readable, options: BuildOptions): AsyncIterable<BuildFrame>;
  pullImage(ref: string, options: TransferOptions): AsyncIterable<ProgressFrame>;
  pushImage(ref: string, options: TransferOptions): AsyncIterable<ProgressFrame>;
}

export function streamOperations(docker: Docker, errors: ErrorMapper): EngineStreams {
  return {
    containerLogs: (id, options) => containerLogs(docker, errors, id, options),
    containerStats: (id, signal) => containerStats(docker, errors, id, signal),
    containerStatsOnce: (id) => containerStatsOnce(docker, errors, id),
    startExec: (id, options) => startExec(docker, errors, id, options),
    buildImage: (context, options) => buildImage(docker, errors, context, options),
    pullImage: (ref, options) => pullImage(docker, errors, ref, options),
    pushImage: (ref, options) => pushImage(docker, errors, ref, options),
  };
}

export type { BuildOptions, ExecOptions, ExecSession, LogOptions, StdFrame, TransferOptions };
export { progressOf } from "./build";
export { jsonLines } from "./json-lines";
export { toStatsSample } from "./stats";
