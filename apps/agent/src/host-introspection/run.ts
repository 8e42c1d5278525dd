import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFile } from "node:fs/promises";

/** What introspection needs from the host: run a program (no shell) and read a file. Faked in tests. */
export interface HostAccess {
  run(file: string, args: string[]): Promise<string>;
  read(path: string): Promise<string>;
}

const TIMEOUT_MS = 5_000;
// A fixed PATH and the C locale: the parsers read English, and nothing from the agent's env leaks in.
const ENV = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" } as unknown as NodeJS.ProcessEnv;

const execFileAsync = promisify(execFile);

/** execFile (no shell); a failure carries the program's stderr, which whyFailed() reads. */
export const realHostAccess: HostAccess = {
  run: async (file, args) => (await execFileAsync(file, args, { timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, env: ENV, encoding: "utf8" })).stdout,
  read: (path) => readFile(path, "utf8"),
};

/** Runs `argv` inside the network namespace of `pid` (nsenter --net=/proc/<pid>/ns/net). */
export const inNetns = (host: HostAccess, pid: number, argv: string[]) => host.run("nsenter", [`--net=/proc/${pid}/ns/net`, "--", ...argv]);

/** Why a host read failed, in words a user can act on. */
export function whyFailed(error: unknown, what: string): string {
  const e = error as { code?: string | number; stderr?: string; message?: string; killed?: boolean };
  const stderr = (e.stderr ?? "").trim();
  if (e.code === "ENOENT" && !stderr) return `${what}: the program is not installed on the agent's machine (${e.message ?? "ENOENT"})`;
  if (e.code === "EACCES" || e.code === "EPERM" || /Permission denied|Operation not permitted/i.test(stderr)) {
    return `${what}: not permitted — the agent must run as root (CAP_SYS_ADMIN, CAP_NET_ADMIN) to enter the engine's network namespace`;
  }
  if (/failed to execute iptables|iptables: (command )?not found/i.test(stderr)) return `${what}: iptables is not installed on the host (an nftables-only host: see \`nft list ruleset\`)`;
  if (/No chain\/target\/match by that name|chain .DOCKER. in table .nat. is incompatible|chain .*DOCKER.* does not exist/i.test(stderr)) {
    return `${what}: the nat table has no DOCKER chain — the engine runs with --iptables=false, rootless, or with an nftables-only firewall; published ports then go through docker-proxy (userland) only`;
  }
  if (e.killed) return `${what}: timed out`;
  return `${what}: ${stderr || e.message || "failed"}`;
}
