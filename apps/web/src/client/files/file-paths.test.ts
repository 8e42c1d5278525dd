import { describe, expect, it } from "vitest";
import { breadcrumbs, linkDestination, modeString } from "./file-paths";

describe("file browser helpers", () => {
  it("prints modes as ls -l does", () => {
    expect(modeString("dir", 0o755)).toBe("drwxr-xr-x");
    expect(modeString("file", 0o644)).toBe("-rw-r--r--");
    expect(modeString("symlink", 0o777)).toBe("lrwxrwxrwx");
    expect(modeString("file", 0o4755)).toBe("-rwsr-xr-x");
    expect(modeString("file", 0o2644)).toBe("-rw-r-Sr--");
    expect(modeString("dir", 0o1777)).toBe("drwxrwxrwt");
  });

  it("resolves a link's target from its directory", () => {
    expect(linkDestination("/bin", "busybox")).toBe("/bin/busybox");
    expect(linkDestination("/", "usr/bin")).toBe("/usr/bin");
    expect(linkDestination("/etc", "/proc/mounts")).toBe("/proc/mounts");
    expect(linkDestination("/usr/lib", "../../etc/x")).toBe("/etc/x");
    expect(linkDestination("/a", "../../../x")).toBe("/x"); // the root's parent is the root, as in the kernel
  });

  it("gives breadcrumbs for every directory on the way", () => {
    expect(breadcrumbs("/")).toEqual([{ name: "/", path: "/" }]);
    expect(breadcrumbs("/etc/nginx")).toEqual([
      { name: "/", path: "/" },
      { name: "etc", path: "/etc" },
      { name: "nginx", path: "/etc/nginx" },
    ]);
  });
});
