import { createTar } from "nanotar";
import { RepoTag } from "@dockmaster/protocol";

export interface ContextFile {
  name: string;
  data: Uint8Array | string;
}

/** A build context tar from files typed in the page or picked from a folder (paths relative to it). */
export function contextTar(files: ContextFile[]): Uint8Array {
  const seen = new Set<string>();
  for (const f of files) {
    const name = f.name.replace(/^\.?\/+/, "");
    if (!name || name.split("/").includes("..")) throw new Error(`files: "${f.name}" is not a path inside the build context`);
    if (seen.has(name)) throw new Error(`files: "${name}" appears twice`);
    seen.add(name);
  }
  return createTar(files.map((f) => ({ name: f.name.replace(/^\.?\/+/, ""), data: f.data })));
}

/** A folder upload names files "folder/sub/file": the context is the folder itself. */
export function stripTopFolder(path: string): string {
  const slash = path.indexOf("/");
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/** "KEY=value" lines → build args; names the first bad line. */
export function parseBuildArgs(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = eq >= 0 ? line.slice(0, eq) : line;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`build args, line ${i + 1}: "${key}" is not a valid argument name`);
    args[key] = eq >= 0 ? line.slice(eq + 1) : "";
  });
  return args;
}

/** Space- or comma-separated tags, each a valid reference. */
export function parseTags(text: string): string[] {
  const tags = text.split(/[\s,]+/).filter(Boolean);
  for (const tag of tags) {
    const checked = RepoTag.safeParse(tag);
    if (!checked.success) throw new Error(`tags: "${tag}" ${checked.error.issues[0]?.message ?? "is not a valid reference"}`);
  }
  return tags;
}
