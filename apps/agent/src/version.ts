/** Set by the artifact build (scripts/build.mjs); the source agent (tsx, the control plane's own agents) is the release version. */
const built = (globalThis as { __DOCKMASTER_AGENT_VERSION__?: unknown }).__DOCKMASTER_AGENT_VERSION__;
export const AGENT_VERSION = typeof built === "string" ? built : "0.1.0";
