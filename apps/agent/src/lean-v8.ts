import { setFlagsFromString } from "node:v8";

// Imported first by main.ts, before any other module is compiled. The agent idles on I/O: the
// optimizing compiler's code and feedback cost more memory than they save time, and compiling
// functions only when first called keeps what is never called (most of dockerode, ssh2) out of
// memory. Measured by bench/artifacts.bench.ts. The young generation's size is a start-up flag
// and V8's worker pool are start-up flags (AGENT_NODE_FLAGS in apps/web/src/server/agent-artifacts/node-flags.ts:
// install.sh, the agent image, the local agent), not settable here.
setFlagsFromString("--no-opt");
setFlagsFromString("--max-lazy");
