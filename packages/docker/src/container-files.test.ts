import { Readable } from "node:stream";
import tar from "tar-stream";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_LIMITS, fromGoMode, listFromTar, parsePathStat } from "./container-files";

/** A tar as the engine sends one for a directory: the directory first, then its tree depth first. */
async function tarOf(entries: Array<Partial<tar.Header> & { name: string; body?: string }>): Promise<Readable> {
  const pack = tar.pack();
  for (const { body, ...header } of entries) pack.entry(header, body ?? "");
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  return Readable.from([Buffer.concat(parts)]);
}

const mtime = new Date("2026-12-01T00:00:00Z");

describe("listFromTar", () => {
  it("lists one level, sums the tree under each directory, keeps link targets", async () => {
    const source = await tarOf([
      { name: "etc/", type: "directory", mode: 0o755, mtime },
      { name: "etc/hosts", type: "file", mode: 0o644, body: "127.0.0.1 localhost\n", mtime, uid: 0, gid: 0 },
      { name: "etc/nginx/", type: "directory", mode: 0o755, mtime },
      { name: "etc/nginx/nginx.conf", type: "file", mode: 0o600, body: "x".repeat(100), mtime, uid: 101, gid: 101 },
      { name: "etc/nginx/conf.d/", type: "directory", mode: 0o755, mtime },
      { name: "etc/nginx/conf.d/a.conf", type: "file", mode: 0o644, body: "y".repeat(50), mtime },
      { name: "etc/mtab", type: "symlink", linkname: "/proc/mounts", mode: 0o777, mtime },
    ]);
    const listing = await listFromTar("/etc", source, DEFAULT_LIST_LIMITS);
    expect(listing).toEqual({
      path: "/etc",
      truncated: null,
      entries: [
        { name: "hosts", kind: "file", size: 20, mode: 0o644, mtime: mtime.getTime(), uid: 0, gid: 0 },
        { name: "nginx", kind: "dir", size: 150, mode: 0o755, mtime: mtime.getTime(), uid: 0, gid: 0 },
        { name: "mtab", kind: "symlink", size: 0, mode: 0o777, mtime: mtime.getTime(), uid: 0, gid: 0, linkTarget: "/proc/mounts" },
      ],
    });
  });

  it("the root's tar names its entries /x", async () => {
    const source = await tarOf([{ name: "/", type: "directory", mtime }, { name: "/.dockerenv", type: "file", mtime }, { name: "/bin/", type: "directory", mtime }, { name: "/bin/sh", type: "symlink", linkname: "busybox", mtime }]);
    expect((await listFromTar("/", source, DEFAULT_LIST_LIMITS)).entries.map((e) => `${e.kind}:${e.name}`)).toEqual(["file:.dockerenv", "dir:bin"]);
  });

  it("stops at a cap and says so", async () => {
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `d/f${i}`, type: "file" as const, mtime }));
    const capped = await listFromTar("/d", await tarOf([{ name: "d/", type: "directory", mtime }, ...files]), { ...DEFAULT_LIST_LIMITS, maxEntries: 4 });
    expect(capped.entries).toHaveLength(4);
    expect(capped.truncated).toBe("showing the first 4 entries of /d");
    const headers = await listFromTar("/d", await tarOf([{ name: "d/", type: "directory", mtime }, ...files]), { ...DEFAULT_LIST_LIMITS, maxHeaders: 3 });
    expect(headers.truncated).toBe("stopped after reading 3 paths below /d: later entries are missing");
  });
});

describe("the engine's stat", () => {
  it("reads Go file modes: kinds and setuid / setgid / sticky bits", () => {
    expect(fromGoMode(2147484141)).toEqual({ kind: "dir", mode: 0o755 });
    expect(fromGoMode(134218239)).toEqual({ kind: "symlink", mode: 0o777 });
    expect(fromGoMode(0o644)).toEqual({ kind: "file", mode: 0o644 });
    expect(fromGoMode((1 << 23) | 0o755)).toEqual({ kind: "file", mode: 0o4755 });
    expect(fromGoMode(0x80000000 + (1 << 20) + 0o777)).toEqual({ kind: "dir", mode: 0o1777 });
    expect(fromGoMode((1 << 26) | (1 << 21) | 0o666)).toMatchObject({ kind: "other" });
  });

  it("parses the X-Docker-Container-Path-Stat header", () => {
    const header = Buffer.from(JSON.stringify({ name: "sh", size: 7, mode: 134218239, mtime: "2026-12-08T03:39:19Z", linkTarget: "/bin/busybox" })).toString("base64");
    expect(parsePathStat("/bin/sh", header)).toEqual({ path: "/bin/sh", kind: "symlink", size: 7, mode: 0o777, mtime: Date.parse("2026-12-08T03:39:19Z"), linkTarget: "/bin/busybox" });
    expect(() => parsePathStat("/x", undefined)).toThrow("the engine sent no stat for /x");
    expect(() => parsePathStat("/x", "bm90IGpzb24=")).toThrow("not JSON");
  });
});
