import { describe, expect, it } from "vitest";
import { checkFileName, ContainerPath, joinContainerPath, normalizeContainerPath, parentOf } from "./container-files";

describe("container paths", () => {
  it("normalises: empty and . segments and a trailing slash go", () => {
    expect(normalizeContainerPath("/")).toEqual({ ok: true, path: "/" });
    expect(normalizeContainerPath("//etc/./nginx//")).toEqual({ ok: true, path: "/etc/nginx" });
    expect(normalizeContainerPath("/./")).toEqual({ ok: true, path: "/" });
    expect(normalizeContainerPath("/a b/ü")).toEqual({ ok: true, path: "/a b/ü" });
  });

  it("refuses .., relative paths, NUL bytes and over-long names", () => {
    expect(normalizeContainerPath("/etc/..")).toEqual({ ok: false, message: 'must not contain ".." (give the path without it)' });
    expect(normalizeContainerPath("/../../host")).toMatchObject({ ok: false });
    expect(normalizeContainerPath("etc/passwd")).toEqual({ ok: false, message: "must be an absolute path (start with /)" });
    expect(normalizeContainerPath("")).toMatchObject({ ok: false });
    expect(normalizeContainerPath("/etc\0/x")).toEqual({ ok: false, message: "must not contain a NUL byte" });
    expect(normalizeContainerPath(`/${"a".repeat(256)}`)).toMatchObject({ ok: false, message: "each name in the path must be at most 255 bytes" });
    expect(normalizeContainerPath(`/${"é".repeat(128)}`)).toMatchObject({ ok: false }); // 256 bytes in UTF-8
    expect(normalizeContainerPath(`/${"a/".repeat(2100)}`)).toMatchObject({ ok: false, message: "must be at most 4096 characters" });
    // "..." and "..x" are names, not the parent
    expect(normalizeContainerPath("/.../..x")).toEqual({ ok: true, path: "/.../..x" });
  });

  it("file names are one segment", () => {
    expect(checkFileName("app.conf")).toEqual({ ok: true, path: "app.conf" });
    for (const bad of ["", ".", "..", "a/b", "/x", "a\0"]) expect(checkFileName(bad)).toMatchObject({ ok: false });
  });

  it("the zod schema gives the normal form or an issue naming the problem", () => {
    expect(ContainerPath.parse("/var//log/")).toBe("/var/log");
    expect(ContainerPath.safeParse("/var/../etc").error?.issues[0]?.message).toBe('must not contain ".." (give the path without it)');
  });

  it("joins and splits", () => {
    expect(joinContainerPath("/", "etc")).toBe("/etc");
    expect(joinContainerPath("/etc", "hosts")).toBe("/etc/hosts");
    expect(parentOf("/etc/hosts")).toBe("/etc");
    expect(parentOf("/etc")).toBe("/");
    expect(parentOf("/")).toBe("/");
  });
});
