#!/usr/bin/env -S node --import tsx
import "./lean-v8";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { engineConfigFromEnv } from "@dockmaster/docker";
import { startAgent } from "./agent";
import { loadConfig } from "./config";
import { fileCredentials } from "./credentials";
import { loadUpgrader } from "./load-upgrader";
import { agentLog as log } from "./log";
import { AGENT_VERSION } from "./version";

// Wiring only: config → the agent (engine, event relay, health, outbound connection) → signals.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  // A wrong environment is the operator's to fix: one clear line, no stack.
  process.stderr.write(`dockmaster-agent: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
log.info("dockmaster agent starting", { version: AGENT_VERSION, server: config.serverUrl, credentials: config.statePath });
const agent = startAgent({
  serverUrl: config.serverUrl,
  enrollToken: config.enrollToken,
  hostName: config.hostName,
  engine: engineConfigFromEnv(config.docker),
  credentials: fileCredentials(config.statePath),
  healthIntervalMs: config.healthIntervalMs,
  log,
  onFatal(code, message) {
    log.error("control plane refused this agent; exiting", { code, reason: message });
    shutdown(2);
  },
  async upgrade(params) {
    const { installUpgrade, reexec, restartMode, runningBuild } = await loadUpgrader();
    const build = runningBuild(config.selfUpgrade);
    const restart = restartMode(config.underSystemd);
    const result = await installUpgrade(params, build, log, restart);
    // After the answer has gone out: systemd starts the new build when we exit; otherwise we do.
    setTimeout(() => {
      agent.stop();
      if (restart === "re-exec") reexec(build);
      setTimeout(() => process.exit(0), 200).unref();
    }, 300);
    return result;
  },
});

if (config.pidFile) writeFileSync(config.pidFile, `${process.pid}\n`, { mode: 0o600 });
process.on("exit", () => {
  // Only ours: after an upgrade the new process has written its own already.
  try {
    if (config.pidFile && readFileSync(config.pidFile, "utf8").trim() === String(process.pid)) rmSync(config.pidFile, { force: true });
  } catch {
    // already gone
  }
});

function shutdown(exitCode: number) {
  process.exitCode = exitCode;
  agent.stop();
  setTimeout(() => process.exit(exitCode), 500).unref();
}
process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));
// Started by the control plane as its local agent (IPC channel): go when the parent goes.
if (process.send) process.on("disconnect", () => shutdown(0));
