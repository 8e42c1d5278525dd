import { createHash } from "node:crypto";
import { EngineError, type Engine, type PathOwner } from "@dockmaster/docker";
import { joinContainerPath, type PathStat } from "@dockmaster/protocol";

/** Where an upload goes and what it keeps of the file it replaces. */
export interface WriteTarget {
  path: string;
  owner: PathOwner;
  replaces: boolean;
}

/** A new file: rw-r--r--, root's (as `docker cp` makes it). */
const NEW_FILE: PathOwner = { mode: 0o644, uid: 0, gid: 0 };

async function statOrNull(engine: Engine, id: string, path: string): Promise<PathStat | null> {
  try {
    return await engine.statPath(id, path);
  } catch (error) {
    if (error instanceof EngineError && error.code === "NOT_FOUND" && /no such file/.test(error.message)) return null;
    throw error;
  }
}

const linkRefusal = (path: string, stat: PathStat, what: string) =>
  new EngineError("BAD_REQUEST", `${path} is a symbolic link to ${stat.linkTarget ?? "?"}: ${what} does not follow links; use the link's target instead`);

/**
 * Checks an upload of `name` into `dir` before a byte is written. Every directory on the way is
 * stat'ed with its link not followed, so a symbolic link anywhere in the path is refused and named
 * rather than silently followed elsewhere (the engine would follow it, inside the container's
 * root); an existing file keeps its mode and owner, an existing link, directory or device is not
 * replaced; `ifSha256` (an edit) refuses a file that changed since the editor read it.
 */
export async function checkWriteTarget(engine: Engine, id: string, dir: string, name: string, ifSha256?: string): Promise<WriteTarget> {
  const segments = dir.split("/").filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    const prefix = `/${segments.slice(0, i).join("/")}`;
    const stat = await statOrNull(engine, id, prefix);
    if (!stat) throw new EngineError("NOT_FOUND", `no such directory in the container: ${prefix}`, 404);
    if (stat.kind === "symlink") throw linkRefusal(prefix, stat, "an upload");
    if (stat.kind !== "dir") throw new EngineError("BAD_REQUEST", `${prefix} is not a directory`);
  }
  if (segments.length === 0) await engine.statPath(id, "/"); // the container exists
  const path = joinContainerPath(dir, name);
  const existing = await statOrNull(engine, id, path);
  if (ifSha256 !== undefined) {
    if (!existing) throw new EngineError("CONFLICT", `${path} was removed since it was opened: nothing was written`, 409);
    if ((await sha256Of(engine, id, path)) !== ifSha256) throw new EngineError("CONFLICT", `${path} changed since it was opened: nothing was written (reload it to see the new content)`, 409);
  }
  if (!existing) return { path, owner: NEW_FILE, replaces: false };
  if (existing.kind === "symlink") throw linkRefusal(path, existing, "a write");
  if (existing.kind === "dir") throw new EngineError("CONFLICT", `${path} is a directory: a file cannot replace it`, 409);
  if (existing.kind !== "file") throw new EngineError("CONFLICT", `${path} is not a regular file: it is not replaced`, 409);
  return { path, owner: await engine.pathOwner(id, path), replaces: true };
}

async function sha256Of(engine: Engine, id: string, path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of engine.fileBytes(id, path, new AbortController().signal)) hash.update(chunk);
  return hash.digest("hex");
}
