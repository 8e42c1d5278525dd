#!/usr/bin/env -S node --import tsx
import { engineConfigFromEnv } from "@dockmaster/docker";
import { startAgent } from "./agent";
import { loadConfig } from "./config";
import { fileCredentials } from "./credentials";
import { agentLog as log } from "./log";
import { AGENT_VERSION } from "./version";

// Wiring only: config → the agent (engine, event relay, health, outbound connection) → signals.
const config = loadConfig();
log.info("dockmaster agent starting", { version: AGENT_VERSION, server: config.serverUrl });
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
