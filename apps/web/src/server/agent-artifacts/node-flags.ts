/**
 * Node options every installed agent runs with (install.sh's unit and background start, the bench):
 * a 1 MiB young generation is plenty for an agent that idles, and keeps ~3 MB of RSS off every
 * host. Given as NODE_OPTIONS to the single executable, which takes no command-line flags of Node's.
 */
export const AGENT_NODE_FLAGS = ["--max-semi-space-size=1"];
