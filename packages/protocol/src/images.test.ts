import { describe, expect, it } from "vitest";
import { ImageIdOrReference, RegistryLogin, RepoTag, splitRepoTag } from "./images";

describe("image references", () => {
  it("accepts ids and references the engine accepts", () => {
    for (const ok of ["busybox", "busybox:1.36", "sha256:" + "a".repeat(64), "822a6c489a32", "team/app:1.0", "10.220.0.1:5000/team/app:v1", "ghcr.io/o/r@sha256:" + "b".repeat(64), "dockmaster-test/busybox:latest"]) {
      expect(ImageIdOrReference.safeParse(ok).success, ok).toBe(true);
    }
  });

  it("refuses what could escape the Engine API path or is not a reference", () => {
    for (const bad of ["../../containers/json", "a/../b", "app?force=1", "app#x", "App/Upper", "", "a".repeat(600)]) {
      expect(ImageIdOrReference.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("splits repo:tag at the last colon after the last slash (a port is not a tag)", () => {
    expect(splitRepoTag("10.0.0.1:5000/app")).toEqual({ repo: "10.0.0.1:5000/app", tag: "latest" });
    expect(splitRepoTag("10.0.0.1:5000/app:2")).toEqual({ repo: "10.0.0.1:5000/app", tag: "2" });
  });

  it("names the bad part of a tag target", () => {
    expect(RepoTag.safeParse("team/app:1.0").success).toBe(true);
    expect(RepoTag.safeParse("Team/App:1").error?.issues[0]?.message).toMatch(/^repository "Team\/App"/);
    expect(RepoTag.safeParse("team/app:-x").error?.issues[0]?.message).toMatch(/^tag "-x"/);
  });

  it("a registry login needs all three fields and a registry-like address", () => {
    expect(RegistryLogin.safeParse({ username: "u", password: "p", serveraddress: "https://index.docker.io/v1/" }).success).toBe(true);
    expect(RegistryLogin.safeParse({ username: "u", password: "", serveraddress: "r:5000" }).success).toBe(false);
    expect(RegistryLogin.safeParse({ username: "u", password: "p", serveraddress: "r:5000 evil" }).success).toBe(false);
  });
});
