import { describe, expect, it } from "vitest";
import { VolumeCreateSpec } from "@dockmaster/protocol";
import { sensitiveVolume, sensitiveVolumeCreate } from "./volume-rules";

const local = (options: Record<string, string>) => sensitiveVolume("v1", { driver: "local", options });

describe("sensitiveVolume", () => {
  it.each([
    [{}],
    [{ type: "tmpfs" }],
    [{ type: "tmpfs", device: "tmpfs", o: "size=64m" }],
    [{ type: "tmpfs", device: "tmpfs", o: "size=10%,mode=1777,uid=1000,gid=1000,nr_inodes=10k,noexec,nosuid,nodev" }],
    [{ size: "10G" }],
  ])("leaves an ordinary local volume alone: %j", (options) => {
    expect(local(options)).toEqual([]);
  });

  it.each([
    [{ type: "none", o: "bind", device: "/" }, 'volume "v1" binds host path / (driver local, o=bind)'],
    [{ type: "none", o: "rbind,ro", device: "/etc" }, 'volume "v1" binds host path /etc (driver local, o=rbind,ro)'],
    [{ type: "tmpfs", o: "bind", device: "/" }, 'volume "v1" binds host path / (driver local, o=bind)'],
    [{ type: "ext4", device: "/dev/sda1" }, 'volume "v1" has driver options other than a plain tmpfs: type=ext4, device=/dev/sda1 (driver local)'],
    [{ type: "nfs", o: "addr=10.0.0.1,rw", device: ":/export" }, 'volume "v1" has driver options other than a plain tmpfs: type=nfs, o=addr=10.0.0.1,rw, device=:/export (driver local)'],
    [{ type: "cifs", o: "addr=fileserver,username=x", device: "//fileserver/share" }, 'volume "v1" has driver options other than a plain tmpfs: type=cifs, o=addr=fileserver,username=x, device=//fileserver/share (driver local)'],
    [{ type: "overlay", o: "lowerdir=/,upperdir=/u,workdir=/w", device: "overlay" }, 'volume "v1" has driver options other than a plain tmpfs: type=overlay, o=lowerdir=/,upperdir=/u,workdir=/w, device=overlay (driver local)'],
    [{ type: "tmpfs", device: "/etc" }, 'volume "v1" has driver options other than a plain tmpfs: device=/etc (driver local)'],
    [{ device: "/dev/sda1" }, 'volume "v1" has driver options other than a plain tmpfs: device=/dev/sda1 (driver local)'],
    [{ device: "tmpfs" }, 'volume "v1" has driver options other than a plain tmpfs: type=(none) (driver local)'],
    [{ type: "tmpfs", o: "size=1m,dev,suid" }, 'volume "v1" has driver options other than a plain tmpfs: o=size=1m,dev,suid (driver local)'],
    [{ TYPE: "tmpfs" }, 'volume "v1" has driver options other than a plain tmpfs: TYPE=tmpfs (driver local)'],
  ])("flags local options %j", (options, reason) => {
    expect(local(options)).toEqual([reason]);
  });

  it("flags any driver but local, with or without options", () => {
    expect(sensitiveVolume("v1", { driver: "rexray/ebs", options: {} })).toEqual(['volume "v1" uses driver "rexray/ebs" (only local is vetted)']);
    expect(sensitiveVolume("v1", { driver: "Local", options: {} })).toEqual(['volume "v1" uses driver "Local" (only local is vetted)']);
  });

  it("checks volume create with the same rules, naming an anonymous volume as such", () => {
    expect(sensitiveVolumeCreate(VolumeCreateSpec.parse({ name: "data" }))).toEqual([]);
    expect(sensitiveVolumeCreate(VolumeCreateSpec.parse({ driverOptions: { type: "none", o: "bind", device: "/" } }))).toEqual(['volume "(anonymous)" binds host path / (driver local, o=bind)']);
  });
});
