import type { VolumeCreateSpec } from "@dockmaster/protocol";

/**
 * Which volumes are ordinary. A volume is a directory the engine manages — unless its driver or
 * options make it something else: the local driver with `type=none,o=bind,device=/` IS the host's
 * root, `type=ext4,device=/dev/sda1` mounts a host disk, `type=nfs,o=addr=…` makes the host dial
 * out, and any other driver is a plugin that can do anything. So the rule is an allowlist: the
 * local driver with no options, or a plain tmpfs (memory only, nothing of the host's filesystem).
 */

/** How a volume looks to the gate, whether asked for at volume create or found on the engine. */
export interface VolumeFacts {
  driver: string;
  options: Record<string, string>;
}

/** The one vetted driver. */
export const VETTED_VOLUME_DRIVER = "local";

/** Local driver options allowed without container.create.privileged, and their values. */
const LOCAL_OPTIONS: Record<string, (value: string) => boolean> = {
  type: (v) => v === "tmpfs",
  // For a tmpfs the device is only a label (docker's docs use "tmpfs"); anything else names a host path or address.
  device: (v) => v === "tmpfs",
  o: (v) => v.split(",").every(isTmpfsMountOption),
  // The local driver's own size (a quota on the volume's directory): a size, nothing more.
  size: (v) => SIZE.test(v),
};

const SIZE = /^\d+[kmgt]?b?$/i;
/** tmpfs(5) options that size, own and restrict the memory file system; none of them names a host path or address. */
const TMPFS_MOUNT_OPTIONS: RegExp[] = [
  /^size=\d+[kmg%]?$/i,
  /^nr_blocks=\d+[kmg]?$/i,
  /^nr_inodes=\d+[kmg]?$/i,
  /^mode=[0-7]{3,4}$/,
  /^uid=\d+$/,
  /^gid=\d+$/,
  /^(ro|rw|noexec|nosuid|nodev|noatime|nodiratime|relatime)$/,
];
const isTmpfsMountOption = (option: string) => TMPFS_MOUNT_OPTIONS.some((pattern) => pattern.test(option));

/** The comma-separated items of the local driver's `o` option that bind a host path. */
const bindsHostPath = (o: string | undefined) => (o ?? "").split(",").some((item) => item === "bind" || item === "rbind");

/** Why a volume (existing or asked for) reaches past the container's sandbox, in words; empty = ordinary. */
export function sensitiveVolume(name: string, volume: VolumeFacts): string[] {
  const label = `volume "${name}"`;
  if (volume.driver !== VETTED_VOLUME_DRIVER) return [`${label} uses driver "${volume.driver}" (only ${VETTED_VOLUME_DRIVER} is vetted)`];
  const options = Object.entries(volume.options);
  if (bindsHostPath(volume.options.o)) return [`${label} binds host path ${volume.options.device ?? "(no device)"} (driver local, o=${volume.options.o})`];
  const beyond = options.filter(([key, value]) => !(LOCAL_OPTIONS[key]?.(value) ?? false));
  // device/o/size without type=tmpfs would mount whatever the device names with the kernel's default type.
  if (beyond.length === 0 && options.some(([key]) => key === "device" || key === "o") && volume.options.type !== "tmpfs") beyond.push(["type", volume.options.type ?? "(none)"]);
  if (beyond.length === 0) return [];
  return [`${label} has driver options other than a plain tmpfs: ${beyond.map(([k, v]) => `${k}=${v}`).join(", ")} (driver local)`];
}

/** Each field of volume create, and what it may hold without container.create.privileged. */
export const VOLUME_CREATE_ALLOWED: { [K in keyof VolumeCreateSpec]-?: string } = {
  name: "any name",
  driver: `"${VETTED_VOLUME_DRIVER}" only (any other driver is a plugin that can do anything)`,
  driverOptions:
    "none; or a plain tmpfs: type=tmpfs, device=tmpfs, o= a comma list of size=, nr_blocks=, nr_inodes=, mode=, uid=, gid=, ro, rw, noexec, nosuid, nodev, noatime, nodiratime, relatime; and size= (the local driver's quota). Anything else — o=bind, a device path, nfs/cifs addresses, other types — is sensitive",
  labels: "any labels",
};

/** What a volume create asks for that needs container.create.privileged. */
export function sensitiveVolumeCreate(spec: VolumeCreateSpec): string[] {
  return sensitiveVolume(spec.name ?? "(anonymous)", { driver: spec.driver, options: spec.driverOptions ?? {} });
}
