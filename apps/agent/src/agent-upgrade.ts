import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isSea } from "node:sea";
import { EngineError } from "@dockmaster/docker";
import type { AgentArtifactRef, AgentUpgradeParams, AgentUpgradeResult } from "@dockmaster/protocol";
import type { AgentLog } from "./log";
import { AGENT_VERSION } from "./version";

/** What this process runs from: the one-file bundle under node, the single executable, or the source tree. */
export interface RunningBuild {
  kind: "node" | "sea" | "source";
  /** The file to replace (the bundle, or the executable itself). */
  path: string;
  /** false where replacing the file cannot work (a container restarts from its image). */
  selfUpgrade: boolean;
}

export function runningBuild(selfUpgrade: boolean): RunningBuild {
  if (isSea()) return { kind: "sea", path: process.execPath, selfUpgrade };
  const script = process.argv[1] ?? "";
  return { kind: script.endsWith(".cjs") ? "node" : "source", path: script, selfUpgrade };
}

const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * Fetches the artifact of this build's kind from the control plane, checks its size and SHA-256
 * while writing it next to the running one, and renames it over it (atomic: a crash leaves the old
 * build or the new one, never half of one). Does not restart: the caller does, after answering.
 */
export async function installUpgrade(params: AgentUpgradeParams, build: RunningBuild, log: AgentLog, restart: "systemd" | "re-exec"): Promise<AgentUpgradeResult> {
  if (build.kind === "source") throw new EngineError("BAD_REQUEST", "this agent runs from a source checkout: update the checkout instead (only installed builds upgrade themselves)");
  // A container restarts from its image (the agent image sets DOCKMASTER_AGENT_SELF_UPGRADE=off): a replaced file would be lost.
  if (!build.selfUpgrade) throw new EngineError("BAD_REQUEST", "this agent does not upgrade itself (DOCKMASTER_AGENT_SELF_UPGRADE=off, e.g. the agent image): recreate it from the new agent image");
  const artifact = pick(params.artifacts, build.kind);
  const temp = `${build.path}.upgrade-${process.pid}`;
  log.info("upgrading the agent", { from: AGENT_VERSION, to: params.version, url: artifact.url });
  try {
    const response = await fetch(artifact.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: "error" });
    if (!response.ok || !response.body) throw new EngineError("ENGINE_ERROR", `downloading ${artifact.url} failed: HTTP ${response.status}`);
    const hash = createHash("sha256");
    let size = 0;
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > artifact.size) body.destroy(new EngineError("BAD_REQUEST", `the download is larger than the manifest's ${artifact.size} bytes`));
      hash.update(chunk);
    });
    await pipeline(body, createWriteStream(temp, { mode: 0o700 }));
    const sha256 = hash.digest("hex");
    if (sha256 !== artifact.sha256) throw new EngineError("BAD_REQUEST", `checksum mismatch: the download's SHA-256 is ${sha256}, the control plane announced ${artifact.sha256}; the agent was not changed`);
    await chmod(temp, 0o755);
    await rename(temp, build.path);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof EngineError) throw error;
    throw new EngineError("ENGINE_ERROR", `upgrade failed, the agent was not changed: ${error instanceof Error ? error.message : String(error)}`);
  }
  log.info("agent upgraded; restarting", { from: AGENT_VERSION, to: params.version, restart });
  return { from: AGENT_VERSION, to: params.version, kind: build.kind, restart };
}

function pick(artifacts: AgentArtifactRef[], kind: "node" | "sea"): AgentArtifactRef {
  const found = kind === "node" ? artifacts.find((a) => a.kind === "node") : artifacts.find((a) => a.kind === "sea" && a.platform === process.platform && a.arch === process.arch);
  if (!found) throw new EngineError("BAD_REQUEST", `the control plane offers no ${kind === "node" ? "bundle" : `single executable for ${process.platform}-${process.arch}`} to upgrade to`);
  return found;
}

/**
 * Starts the new build: under systemd (config.ts: INVOCATION_ID set) the unit's Restart=always does it once we
 * exit; otherwise the same command line is started again, detached, on the same output, and we exit.
 * The new process resumes the engine's events where the control plane stored the last one.
 */
export function restartMode(underSystemd: boolean): "systemd" | "re-exec" {
  return underSystemd ? "systemd" : "re-exec";
}

export function reexec(build: RunningBuild): void {
  const args = build.kind === "sea" ? [] : [...process.execArgv, build.path];
  const child = spawn(process.execPath, args, { detached: true, stdio: "inherit" }); // same environment
  child.unref();
}
