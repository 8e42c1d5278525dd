#!/usr/bin/env -S node --import tsx
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { loadConfig } from "./config";
import { connect } from "./connection";
import { EventRelay } from "./event-relay";
import { agentLog as log } from "./log";
import { AGENT_VERSION } from "./version";

// Wiring only: config → engine → event relay → outbound connection.
const config = loadConfig();
const engine = createEngine(engineConfigFromEnv(config.docker));
const relay = new EventRelay(engine, log);
const stop = new AbortController();

log.info("dockmaster agent starting", { version: AGENT_VERSION, server: config.serverUrl });
const socket = connect({
  ...config,
  engine,
  relay,
  log,
  onFatal(code, message) {
    log.error("control plane refused this agent; exiting", { code, reason: message });
    shutdown(2);
  },
});
void relay.run(stop.signal);

function shutdown(exitCode: number) {
  process.exitCode = exitCode;
  stop.abort();
  socket.close();
  setTimeout(() => process.exit(exitCode), 500).unref();
}
process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));
// Started by the control plane as its local agent (IPC channel): go when the parent goes.
if (process.send) process.on("disconnect", () => shutdown(0));
