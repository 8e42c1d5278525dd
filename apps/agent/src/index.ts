// @dockmaster/agent as a library: the control plane runs direct engines with the same code.
export { startAgent, type AgentOptions, type RunningAgent } from "./agent";
export { Credentials, fileCredentials, type CredentialStore } from "./credentials";
export type { AgentLog } from "./log";
export { AGENT_ENV_VARS, loadConfig } from "./config";
