import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

/**
 * Streaming scan of a `docker save` archive (GET /images/{name}/get): the JSON files (manifest,
 * image config) and, for every layer tar inside, its file index and whiteouts. Nothing is buffered
 * but the JSON files and one path → size index per layer; caps on bytes read and paths indexed
 * bound the work for huge images (the scan then stops and says so).
 */

export interface ScanLimits {
  /** Bytes of the archive to read at most. */
  maxBytes: number;
  /** File and directory paths to index at most (across layers). */
  maxEntries: number;
  /** Time to spend at most: below the control plane's 120 s wait for image.layers. */
  maxSeconds: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxBytes: 1024 ** 3, maxEntries: 500_000, maxSeconds: 90 };

/** A deletion recorded in a layer: `.wh.<name>` (one path) or `.wh..wh..opq` (a directory's lower contents). */
export interface RawWhiteout {
  /** The hidden path, relative to the image root without a leading slash ("" for the root). */
  path: string;
  /** The whiteout entry as stored in the layer tar. */
  entry: string;
  opaque: boolean;
}

export interface LayerScan {
  /** Regular files: path → size. */
  files: Map<string, number>;
  dirs: Set<string>;
  whiteouts: RawWhiteout[];
  entries: number;
  contentSize: number;
  /** false when the scan stopped inside this layer. */
  complete: boolean;
}

export interface ArchiveScan {
  /** Small JSON files by archive path: manifest.json, <config>.json (or OCI blobs that are JSON). */
  json: Map<string, unknown>;
  /** Layer tars by archive path, e.g. "<hex>/layer.tar" or "blobs/sha256/<hex>". */
  layers: Map<string, LayerScan>;
  bytesRead: number;
  /** Why the scan stopped early, or null. */
  truncated: string | null;
}

const WHITEOUT_PREFIX = ".wh.";
const OPAQUE_MARKER = ".wh..wh..opq";
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const mib = (n: number) => `${Math.round(n / 1024 ** 2)} MiB`;

/** "./usr/bin/" → "usr/bin": the form paths are compared in. */
export function normalizePath(name: string): string {
  return name.replace(/^(\.\/|\/)+/, "").replace(/\/+$/, "");
}

function splitPath(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? { dir: "", base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}

const join = (dir: string, base: string) => (dir ? `${dir}/${base}` : base);

/** Archive members that are layer tars (legacy layout) or may be (OCI blobs: JSON or tar, told by content). */
const maybeLayer = (name: string) => name.endsWith("/layer.tar") || name.startsWith("blobs/");
const isJsonName = (name: string) => name.endsWith(".json") || name === "repositories";

class Stop extends Error {}

export async function scanImageArchive(source: AsyncIterable<Buffer>, limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<ArchiveScan> {
  const scan: ArchiveScan = { json: new Map(), layers: new Map(), bytesRead: 0, truncated: null };
  let indexed = 0;
  const stop = (reason: string): never => {
    scan.truncated ??= reason;
    throw new Stop(reason);
  };

  // Counts bytes and time, and ends the input at a cap (the extractor then fails: expected).
  const deadline = Date.now() + limits.maxSeconds * 1000;
  async function* counted() {
    for await (const chunk of source) {
      scan.bytesRead += chunk.length;
      yield chunk;
      if (scan.bytesRead >= limits.maxBytes) {
        scan.truncated ??= `stopped after reading ${mib(scan.bytesRead)} of the image archive (cap ${mib(limits.maxBytes)}): later layers were not analysed`;
        return;
      }
      if (Date.now() > deadline) {
        scan.truncated ??= `stopped after ${limits.maxSeconds} s, having read ${mib(scan.bytesRead)} of the image archive: later layers were not analysed`;
        return;
      }
    }
  }

  async function scanLayer(name: string, input: Readable) {
    const layer: LayerScan = { files: new Map(), dirs: new Set(), whiteouts: [], entries: 0, contentSize: 0, complete: false };
    scan.layers.set(name, layer);
    const extract = tar.extract();
    input.on("error", (error) => extract.destroy(error));
    input.pipe(extract);
    for await (const entry of extract) {
      entry.resume(); // contents are not needed, only headers
      const path = normalizePath(entry.header.name);
      layer.entries += 1;
      const { dir, base } = splitPath(path);
      if (base === OPAQUE_MARKER) layer.whiteouts.push({ path: dir, entry: path, opaque: true });
      else if (base.startsWith(WHITEOUT_PREFIX)) layer.whiteouts.push({ path: join(dir, base.slice(WHITEOUT_PREFIX.length)), entry: path, opaque: false });
      else if (entry.header.type === "directory") layer.dirs.add(path);
      else {
        const size = entry.header.type === "file" || entry.header.type === "contiguous-file" ? entry.header.size ?? 0 : 0;
        layer.files.set(path, size);
        layer.contentSize += size;
      }
      if (++indexed > limits.maxEntries) stop(`stopped after indexing ${limits.maxEntries} paths (cap): later layers were not analysed`);
    }
    layer.complete = true;
  }

  /** JSON files by name; OCI blobs by their first byte (JSON config or tar layer); gzip by its magic. */
  async function member(name: string, entry: AsyncIterable<Buffer>) {
    const chunks = entry[Symbol.asyncIterator]();
    const first = await chunks.next();
    if (first.done) return;
    const head: Buffer = first.value;
    const rest = { [Symbol.asyncIterator]: () => chunks };
    if (isJsonName(name) || head[0] === 0x7b /* { */) {
      const parts = [head];
      let size = head.length;
      for await (const chunk of rest) {
        size += chunk.length;
        if (size <= MAX_JSON_BYTES) parts.push(chunk);
      }
      if (size > MAX_JSON_BYTES) return;
      try {
        scan.json.set(name, JSON.parse(Buffer.concat(parts).toString("utf8")));
      } catch {
        // not JSON after all (a stray file): nothing to learn from it
      }
      return;
    }
    const body = Readable.from((async function* () {
      yield head;
      yield* rest;
    })());
    await scanLayer(name, head[0] === 0x1f && head[1] === 0x8b ? body.pipe(createGunzip()) : body);
  }

  const outer = tar.extract();
  const input = Readable.from(counted());
  input.on("error", (error) => outer.destroy(error));
  input.pipe(outer);
  try {
    for await (const entry of outer) {
      const name = normalizePath(entry.header.name);
      if (entry.header.type === "file" && (maybeLayer(name) || isJsonName(name))) await member(name, entry as AsyncIterable<Buffer>);
      else entry.resume();
    }
  } catch (error) {
    // Reaching a cap ends the input mid-member: the extractor's complaint about that is expected.
    if (!scan.truncated) throw error;
  } finally {
    input.destroy();
    outer.destroy();
  }
  return scan;
}
