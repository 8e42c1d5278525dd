/**
 * Node options every installed agent runs with (install.sh's unit and background start, the agent
 * image's ENTRYPOINT, the control plane's local agent, the bench). The agent idles on I/O, so both
 * trade throughput it does not need for memory it keeps on every host (bench/artifacts.bench.ts):
 *  - a 1 MiB young generation is plenty, and keeps ~3 MB of RSS off;
 *  - one V8 worker thread instead of one per core: each idle worker holds its stack and a malloc
 *    arena (~1 MB each), and an idle agent has no background compiling or marking to share out.
 * Given as NODE_OPTIONS to the single executable, which takes no command-line flags of Node's
 * (both are allowed in NODE_OPTIONS).
 */
export const AGENT_NODE_FLAGS = ["--max-semi-space-size=1", "--v8-pool-size=1"];

/**
 * The environment every installed agent starts with, next to the flags (install.sh's environment
 * file, the agent image's ENV, the local agent). glibc's allocator keeps freed memory for reuse:
 * after start-up (the parser's and compiler's scratch memory) about 5 MB of it stays in an idle
 * agent. Smaller blocks from mmap (given back when freed) and no padding kept at the heap's top
 * return it. Ignored where the C library is not glibc. Measured by bench/artifacts.bench.ts.
 */
export const AGENT_ENV = { GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=32768:glibc.malloc.trim_threshold=0:glibc.malloc.top_pad=0" };
