import type { Readable } from "node:stream";
import type Docker from "dockerode";
import tar from "tar-stream";
import { baseName, type DirectoryListing, type FileEntry, type FileKind, type PathStat } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "./errors";

/**
 * A container's files through the Engine API's archive endpoints — the only file API the engine
 * has, and one that works on stopped containers and on images without a shell or `ls`:
 *   HEAD /containers/{id}/archive?path=  stat of one path (X-Docker-Container-Path-Stat), link not followed
 *   GET  /containers/{id}/archive?path=  a tar of the path (a directory: its whole tree)
 *   PUT  /containers/{id}/archive?path=  extracts a tar into a directory
 */

export interface ListLimits {
  /** Directory entries returned at most. */
  maxEntries: number;
  /** Estimated JSON size of the listing at most (it travels in one socket message, 1 MB max). */
  maxListingBytes: number;
  /** Tar headers read at most (a directory's whole tree streams by). */
  maxHeaders: number;
  /** Time to spend reading the tree at most. */
  maxSeconds: number;
}

export const DEFAULT_LIST_LIMITS: ListLimits = { maxEntries: 5000, maxListingBytes: 512 * 1024, maxHeaders: 1_000_000, maxSeconds: 20 };

/** What an uploaded file becomes: its tar header. */
export interface PutFileEntry {
  name: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
}

/** The owner and mode a path has (its tar header), kept when a file is overwritten. */
export interface PathOwner {
  mode: number;
  uid: number;
  gid: number;
}

export interface EngineFiles {
  statPath(id: string, path: string): Promise<PathStat>;
  listDirectory(id: string, path: string, limits?: ListLimits): Promise<DirectoryListing>;
  /** The engine's tar of `path`, as it streams. */
  archive(id: string, path: string, signal: AbortSignal): AsyncIterable<Buffer>;
  /** A regular file's bytes (the first entry of its tar), as they stream. */
  fileBytes(id: string, path: string, signal: AbortSignal): AsyncIterable<Buffer>;
  pathOwner(id: string, path: string): Promise<PathOwner>;
  /** Writes `body` (exactly `entry.size` bytes) as `dir/entry.name`; never replaces a directory with a file. */
  putFile(id: string, dir: string, entry: PutFileEntry, body: Readable, signal: AbortSignal): Promise<void>;
}

// Go's os.FileMode bits, as the engine's stat reports them.
const GO_DIR = 0x80000000;
const GO_SYMLINK = 1 << 27;
const GO_SETUID = 1 << 23;
const GO_SETGID = 1 << 22;
const GO_STICKY = 1 << 20;
const GO_OTHER = (1 << 26) | (1 << 25) | (1 << 24) | (1 << 21) | (1 << 19); // device, pipe, socket, char device, irregular

/** Go's FileMode → kind and unix permission bits (0o7777). */
export function fromGoMode(goMode: number): { kind: FileKind; mode: number } {
  const m = goMode >>> 0;
  const kind: FileKind = (m & GO_DIR) >>> 0 !== 0 ? "dir" : m & GO_SYMLINK ? "symlink" : m & GO_OTHER ? "other" : "file";
  const mode = (m & 0o777) | (m & GO_SETUID ? 0o4000 : 0) | (m & GO_SETGID ? 0o2000 : 0) | (m & GO_STICKY ? 0o1000 : 0);
  return { kind, mode };
}

interface RawStat {
  name?: unknown;
  size?: unknown;
  mode?: unknown;
  mtime?: unknown;
  linkTarget?: unknown;
}

/** The X-Docker-Container-Path-Stat header (base64 JSON) → PathStat. */
export function parsePathStat(path: string, header: string | undefined): PathStat {
  if (!header) throw new EngineError("ENGINE_ERROR", `the engine sent no stat for ${path}`);
  let raw: RawStat;
  try {
    raw = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as RawStat;
  } catch {
    throw new EngineError("ENGINE_ERROR", `the engine's stat of ${path} is not JSON`);
  }
  const { kind, mode } = fromGoMode(typeof raw.mode === "number" ? raw.mode : 0);
  const mtime = typeof raw.mtime === "string" ? Date.parse(raw.mtime) : NaN;
  const linkTarget = kind === "symlink" && typeof raw.linkTarget === "string" && raw.linkTarget ? raw.linkTarget : undefined;
  return { path, kind, size: typeof raw.size === "number" ? raw.size : 0, mode, mtime: Number.isFinite(mtime) ? mtime : 0, ...(linkTarget ? { linkTarget } : {}) };
}

const KINDS: Record<string, FileKind> = { file: "file", "contiguous-file": "file", link: "file", directory: "dir", symlink: "symlink" };

function toEntry(name: string, header: tar.Header): FileEntry {
  const kind = KINDS[header.type ?? "file"] ?? "other";
  return {
    name,
    kind,
    size: kind === "file" ? (header.size ?? 0) : 0,
    mode: (header.mode ?? 0) & 0o7777,
    mtime: header.mtime ? header.mtime.getTime() : 0,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    ...(kind === "symlink" && header.linkname ? { linkTarget: header.linkname } : {}),
  };
}

/**
 * A directory's entries from its tar, reading headers only: the first entry is the directory
 * itself ("etc/", or "/" for the root), its children are one name below, and everything deeper
 * only adds to the size of the child it lies under. The engine walks the tree depth first, so a
 * cap stops the listing part way: `truncated` then says so.
 */
export async function listFromTar(path: string, source: Readable, limits: ListLimits): Promise<DirectoryListing> {
  const entries = new Map<string, FileEntry>();
  let prefix: string | null = null;
  let headers = 0;
  let listingBytes = 0;
  let truncated: string | null = null;
  const deadline = Date.now() + limits.maxSeconds * 1000;
  const extract = tar.extract();
  source.on("error", (error) => extract.destroy(error));
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      entry.resume(); // contents are not needed, only headers
      const name = entry.header.name.replace(/\/+$/, "");
      if (prefix === null) {
        prefix = `${name}/`;
        continue;
      }
      if (++headers > limits.maxHeaders) truncated = `stopped after reading ${limits.maxHeaders} paths below ${path}: later entries are missing`;
      else if (Date.now() > deadline) truncated = `stopped after ${limits.maxSeconds} s reading the tree below ${path}: later entries are missing`;
      if (truncated) break;
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash < 0) {
        if (entries.size >= limits.maxEntries || listingBytes >= limits.maxListingBytes) {
          truncated = `showing the first ${entries.size} entries of ${path}`;
          break;
        }
        const item = toEntry(rest, entry.header);
        entries.set(rest, item);
        listingBytes += 120 + rest.length + (item.linkTarget?.length ?? 0);
      } else {
        const child = entries.get(rest.slice(0, slash));
        if (child && child.kind === "dir") child.size += entry.header.type === "file" || entry.header.type === "contiguous-file" ? (entry.header.size ?? 0) : 0;
      }
    }
  } finally {
    source.destroy();
    extract.destroy();
  }
  return { path, entries: [...entries.values()], truncated };
}

/** Reads one tar's first entry: its header, and its body as an async iterable. */
async function firstEntry(source: Readable): Promise<{ header: tar.Header; body: AsyncIterable<Buffer>; close: () => void }> {
  const extract = tar.extract();
  source.on("error", (error) => extract.destroy(error));
  source.pipe(extract);
  const close = () => {
    source.destroy();
    extract.destroy();
  };
  const iterator = extract[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    close();
    throw new EngineError("ENGINE_ERROR", "the engine sent an empty archive");
  }
  return { header: first.value.header, body: first.value as AsyncIterable<Buffer>, close };
}

export function fileOperations(docker: Docker, errors: ErrorMapper): EngineFiles {
  const container = (id: string) => docker.getContainer(id);

  /** A HEAD 404 has no body: say whether the container or the path is missing. */
  async function notFound(id: string, path: string): Promise<EngineError> {
    await errors.call(() => container(id).inspect());
    return new EngineError("NOT_FOUND", `no such file or directory in the container: ${path}`, 404);
  }

  async function statPath(id: string, path: string): Promise<PathStat> {
    try {
      const res = (await container(id).infoArchive({ path })) as { headers: Record<string, string | undefined>; resume?: () => void };
      res.resume?.();
      return parsePathStat(path, res.headers["x-docker-container-path-stat"]);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw await notFound(id, path);
      throw errors.map(error);
    }
  }

  const tarOf = (id: string, path: string, signal?: AbortSignal) => errors.call(() => container(id).getArchive({ path, ...(signal ? { abortSignal: signal } : {}) }) as Promise<Readable>);

  return {
    statPath,
    async listDirectory(id, path, limits = DEFAULT_LIST_LIMITS) {
      const stat = await statPath(id, path);
      if (stat.kind === "symlink") return { path, linkTarget: stat.linkTarget ?? "", entries: [], truncated: null };
      if (stat.kind !== "dir") throw new EngineError("BAD_REQUEST", `${path} is not a directory`);
      try {
        return await listFromTar(path, await tarOf(id, path), limits);
      } catch (error) {
        throw errors.map(error);
      }
    },
    archive: (id, path, signal) => ({
      async *[Symbol.asyncIterator]() {
        const source = await tarOf(id, path, signal);
        try {
          for await (const chunk of source) yield chunk as Buffer;
        } catch (error) {
          if (!signal.aborted) throw errors.map(error);
        } finally {
          source.destroy();
        }
      },
    }),
    fileBytes: (id, path, signal) => ({
      async *[Symbol.asyncIterator]() {
        const { header, body, close } = await firstEntry(await tarOf(id, path, signal));
        try {
          if (header.type !== "file" && header.type !== "contiguous-file") throw new EngineError("BAD_REQUEST", `${path} is not a regular file`);
          for await (const chunk of body) yield chunk;
        } catch (error) {
          if (!signal.aborted) throw errors.map(error);
        } finally {
          close();
        }
      },
    }),
    async pathOwner(id, path) {
      const { header, close } = await firstEntry(await tarOf(id, path));
      close();
      return { mode: (header.mode ?? 0o644) & 0o7777, uid: header.uid ?? 0, gid: header.gid ?? 0 };
    },
    async putFile(id, dir, entry, body, signal) {
      const pack = tar.pack();
      const file = pack.entry({ name: baseName(`/${entry.name}`), type: "file", size: entry.size, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: new Date() }, (error) => {
        if (error) pack.destroy(error);
        else pack.finalize();
      });
      body.on("error", (error) => pack.destroy(error));
      body.pipe(file);
      await errors.call(() => container(id).putArchive(pack as unknown as NodeJS.ReadableStream, { path: dir, noOverwriteDirNonDir: true, abortSignal: signal }));
    },
  };
}
