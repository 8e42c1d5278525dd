import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AgentManifest } from "@dockmaster/protocol";

/**
 * The agent builds this control plane serves under /agent/…: the build's directory, re-read when
 * its manifest changes (a rebuild in place is picked up without a restart). null: nothing built —
 * `npm run build` was not run; the install script then says so.
 */
export class AgentRelease {
  private cached: { mtimeMs: number; manifest: AgentManifest | null } | null = null;

  constructor(readonly dir: string) {}

  manifest(): AgentManifest | null {
    const path = join(this.dir, "manifest.json");
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return null;
    if (this.cached?.mtimeMs !== stat.mtimeMs) {
      const parsed = AgentManifest.safeParse(JSON.parse(readFileSync(path, "utf8")));
      this.cached = { mtimeMs: stat.mtimeMs, manifest: parsed.success ? parsed.data : null };
    }
    return this.cached.manifest;
  }

  /** A file of the current build by its manifest name (never any other path). */
  artifact(name: string): { path: string; size: number; sha256: string } | null {
    const entry = this.manifest()?.artifacts.find((a) => a.name === name);
    return entry ? { path: join(this.dir, entry.name), size: entry.size, sha256: entry.sha256 } : null;
  }
}
