import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix, relative, sep } from "node:path";
import { AppError } from "../../errors";
import { MAX_STACK_FILE_BYTES, MAX_STACK_FILES, type StackFile } from "../limits";

/**
 * A stack's files from a git repository, with Debian's `git` CLI: a shallow clone (`--depth 1`, one
 * branch) into a fresh temp dir, removed afterwards, under a timeout. Why the CLI and not
 * isomorphic-git: it is the git every host has, speaks every server and transport quirk, costs no
 * dependency, and the tests' git server is the same program.
 *
 * Credentials never reach argv or a log: they go in the child's environment as an HTTP
 * Authorization header (GIT_CONFIG_COUNT/KEY/VALUE = http.extraHeader). Only http(s) is allowed
 * (GIT_ALLOW_PROTOCOL): no file://, ssh or ext:: command transport from a user-given URL. The
 * user's and the system's git config are not read, and git never prompts.
 */
export interface GitSource {
  url: string;
  branch: string;
  /** Directory in the repository holding the stack ("" = root). */
  path: string;
  /** Compose files in that directory, in override order. */
  files: string[];
  username?: string;
  password?: string;
}

export interface Fetched {
  commit: string;
  composeFiles: StackFile[];
  /** Every other file under the stack's directory (env_file targets, build contexts). */
  otherFiles: StackFile[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Nothing of the server's own environment is passed on (it may hold the server's secrets). */
function gitEnv(source: Pick<GitSource, "username" | "password">, home: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "/bin/false",
    GIT_ALLOW_PROTOCOL: "http:https",
    LC_ALL: "C",
  };
  if (source.username !== undefined && source.password !== undefined) {
    const basic = Buffer.from(`${source.username}:${source.password}`).toString("base64");
    Object.assign(env, { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` });
  }
  return env;
}

function git(args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, timeout: options.timeoutMs, killSignal: "SIGKILL", maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as { killed?: boolean }).killed) return reject(new AppError("PRECONDITION_FAILED", `git ${args[0]} did not finish within ${Math.round(options.timeoutMs / 1000)} s`));
      // The repository (its URL, branch or login), not the server, is what failed: a 4xx, never a 5xx.
      // git's own last words (no header or credential is ever printed by git)
      const reason = stderr.trim().split("\n").filter(Boolean).at(-1) ?? `exit code ${String(error.code)}`;
      reject(new AppError("PRECONDITION_FAILED", `git ${args[0]} failed: ${reason.replace(/^fatal: /, "")}`));
    });
  });
}

/** The commit a branch points at, without fetching it (for polling): `git ls-remote`. */
export async function remoteCommit(source: Pick<GitSource, "url" | "branch" | "username" | "password">, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), "dm-git-"));
  try {
    const out = await git(["ls-remote", "--", source.url, `refs/heads/${source.branch}`], { cwd: home, env: gitEnv(source, home), timeoutMs });
    const commit = out.split(/\s+/)[0];
    if (!commit) throw new AppError("NOT_FOUND", `branch ${source.branch} not found in the repository`);
    return commit;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export async function fetchStackFiles(source: GitSource, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Fetched> {
  const home = await mkdtemp(join(tmpdir(), "dm-git-"));
  const checkout = join(home, "repo");
  try {
    const env = gitEnv(source, home);
    await git(["clone", "--quiet", "--depth", "1", "--single-branch", "--branch", source.branch, "--no-tags", "--", source.url, checkout], { cwd: home, env, timeoutMs });
    const commit = (await git(["rev-parse", "HEAD"], { cwd: checkout, env, timeoutMs })).trim();
    const root = join(checkout, ...source.path.split("/").filter(Boolean));
    if (!root.startsWith(checkout)) throw new AppError("BAD_REQUEST", `path ${source.path} is outside the repository`);
    const all = await listFiles(root, checkout);
    const composeFiles: StackFile[] = [];
    for (const name of source.files) {
      const file = all.get(name);
      if (file === undefined) throw new AppError("NOT_FOUND", `${posix.join(source.path, name)} is not in ${source.branch} at ${commit.slice(0, 12)}`);
      composeFiles.push({ path: name, content: file });
    }
    const otherFiles = [...all].filter(([path]) => !source.files.includes(path)).map(([path, content]) => ({ path, content }));
    return { commit, composeFiles, otherFiles };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Regular files under `root` (not .git, no symlinks followed), relative paths → text; refuses more than a stack holds. */
async function listFiles(root: string, checkout: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch {
    throw new AppError("NOT_FOUND", `directory ${relative(checkout, root) || "/"} is not in the repository`);
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(root, full).split(sep).join("/");
    if (path === ".git" || path.startsWith(".git/")) continue;
    if (files.size >= MAX_STACK_FILES) throw new AppError("BAD_REQUEST", `the stack's directory holds more than ${MAX_STACK_FILES} files: point the path at the directory of the compose files`);
    if ((await stat(full)).size > MAX_STACK_FILE_BYTES) throw new AppError("BAD_REQUEST", `${path} in the repository is larger than 1 MiB`);
    files.set(path, await readFile(full, "utf8"));
  }
  return files;
}
