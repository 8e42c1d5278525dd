import { describe, expect, it } from "vitest";
import { localDigestsFor, parseTagRef, tagKey } from "./image-ref";

const ref = (text: string) => {
  const parsed = parseTagRef(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.ref;
};

describe("update-check references", () => {
  it("splits registry, repository and tag by Docker's rules", () => {
    expect(ref("busybox")).toEqual({ registry: "docker.io", repository: "library/busybox", tag: "latest" });
    expect(ref("nginx:1.27")).toEqual({ registry: "docker.io", repository: "library/nginx", tag: "1.27" });
    expect(ref("team/app:2")).toEqual({ registry: "docker.io", repository: "team/app", tag: "2" });
    expect(ref("10.0.0.1:5000/team/app")).toEqual({ registry: "10.0.0.1:5000", repository: "team/app", tag: "latest" });
    expect(ref("localhost/app:dev")).toEqual({ registry: "localhost", repository: "app", tag: "dev" });
    expect(tagKey(ref("ghcr.io/o/r:1"))).toBe("ghcr.io/o/r:1");
  });

  it("says why a digest-pinned reference or an image ID cannot be checked", () => {
    expect(parseTagRef("busybox@sha256:" + "a".repeat(64))).toEqual({ ok: false, reason: (expect.stringContaining("pinned to a digest") as string) });
    expect(parseTagRef("sha256:" + "b".repeat(64))).toEqual({ ok: false, reason: (expect.stringContaining("image ID") as string) });
  });

  it("takes the RepoDigests entry of the repository asked, not the first one", () => {
    const digests = ["10.0.0.1:5000/mirror/app@sha256:111", "10.0.0.1:5000/team/app@sha256:222", "busybox@sha256:333"];
    expect(localDigestsFor(digests, ref("10.0.0.1:5000/team/app:1"))).toEqual(["sha256:222"]);
    expect(localDigestsFor(digests, ref("busybox:1"))).toEqual(["sha256:333"]);
    expect(localDigestsFor(digests, ref("library/busybox"))).toEqual(["sha256:333"]);
    expect(localDigestsFor(digests, ref("other.io/team/app:1"))).toEqual([]);
    // One image pulled as a tag and as an index listing it: both digests of one repository.
    expect(localDigestsFor([...digests, "10.0.0.1:5000/team/app@sha256:444"], ref("10.0.0.1:5000/team/app:multi"))).toEqual(["sha256:222", "sha256:444"]);
  });
});
