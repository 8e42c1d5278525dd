import { joinContainerPath, normalizeContainerPath, parentOf, type FileEntry } from "@dockmaster/protocol";

/** "drwxr-xr-x", "-rwsr-xr-x", "lrwxrwxrwx": the listing's mode column, as `ls -l` prints it. */
export function modeString(kind: FileEntry["kind"], mode: number): string {
  const type = { dir: "d", symlink: "l", file: "-", other: "?" }[kind];
  const triplet = (shift: number, special: number, char: string) => {
    const bits = (mode >> shift) & 7;
    const x = bits & 1;
    const exec = mode & special ? (x ? char : char.toUpperCase()) : x ? "x" : "-";
    return `${bits & 4 ? "r" : "-"}${bits & 2 ? "w" : "-"}${exec}`;
  };
  return `${type}${triplet(6, 0o4000, "s")}${triplet(3, 0o2000, "s")}${triplet(0, 0o1000, "t")}`;
}

/** Where a link in `dir` points, as a path to open: absolute targets as they are, relative ones from `dir`; null if it leaves the root by "..". */
export function linkDestination(dir: string, target: string): string | null {
  const parts: string[] = [];
  for (const segment of (target.startsWith("/") ? target : `${dir}/${target}`).split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  const checked = normalizeContainerPath(`/${parts.join("/")}`);
  return checked.ok ? checked.path : null;
}

/** The breadcrumbs of a path: "/", then each directory on the way, with the path it opens. */
export function breadcrumbs(path: string): Array<{ name: string; path: string }> {
  const crumbs = [{ name: "/", path: "/" }];
  let at = "/";
  for (const segment of path.split("/").filter(Boolean)) {
    at = joinContainerPath(at, segment);
    crumbs.push({ name: segment, path: at });
  }
  return crumbs;
}

export { joinContainerPath, parentOf };

const FILES_API = "/api/containers/files";

export function downloadHref(hostId: string, id: string, path: string): string {
  return `${FILES_API}/download?${new URLSearchParams({ hostId, id, path }).toString()}`;
}

/**
 * Sends one file (or an edit's text) to the upload route; resolves with where it went, or rejects
 * with the server's own words (a link on the way, a changed file, too large, no permission).
 */
export async function putFile(target: { hostId: string; id: string; dir: string; name: string; ifSha256?: string }, body: Blob | string): Promise<{ path: string; size: number; sha256: string }> {
  const { hostId, id, dir, name, ifSha256 } = target;
  const query = new URLSearchParams({ hostId, id, dir, name, ...(ifSha256 ? { ifSha256 } : {}) });
  const res = await fetch(`${FILES_API}/upload?${query.toString()}`, { method: "PUT", body, headers: { "content-type": "application/octet-stream" } });
  if (!res.ok) throw new Error((await res.text()) || `upload failed (HTTP ${res.status})`);
  return (await res.json()) as { path: string; size: number; sha256: string };
}
