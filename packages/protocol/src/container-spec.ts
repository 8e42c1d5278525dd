import { z } from "zod";

/**
 * What `docker create` may ask for through Dockmaster. Strict: a field not listed here (say a raw
 * `HostConfig`) is refused rather than passed on, so no shape can sneak past the capability check.
 */
const Text = (max: number) => z.string().max(max);

export const PortBindingSpec = z
  .object({
    containerPort: z.number().int().min(1).max(65535),
    protocol: z.enum(["tcp", "udp", "sctp"]).default("tcp"),
    hostIp: z.union([z.ipv4(), z.ipv6(), z.literal("")]).default(""),
    hostPort: z.string().regex(/^(\d{1,5})?$/, "hostPort must be a port number or empty (random)").default(""),
  })
  .strict();

export const MountSpec = z
  .object({
    type: z.enum(["bind", "volume", "tmpfs"]),
    source: Text(4096).optional(),
    target: Text(4096).min(1).regex(/^\//, "a mount target must be an absolute path"),
    readOnly: z.boolean().optional(),
  })
  .strict();

export const DeviceSpec = z.object({ pathOnHost: Text(4096).min(1), pathInContainer: Text(4096).min(1), cgroupPermissions: z.string().regex(/^[rwm]{1,3}$/).default("rwm") }).strict();

export const ContainerCreateSpec = z
  .object({
    image: Text(512).min(1, "image is required"),
    name: z.string().max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "container names may contain letters, digits and _ . -").optional(),
    cmd: z.array(Text(4096)).max(256).optional(),
    entrypoint: z.array(Text(4096)).max(64).optional(),
    env: z.array(z.string().max(32768).regex(/^[^=\s]+=/, "env entries look like KEY=value")).max(1000).optional(),
    labels: z.record(Text(256), Text(4096)).optional(),
    workingDir: Text(4096).optional(),
    user: Text(256).optional(),
    tty: z.boolean().optional(),
    portBindings: z.array(PortBindingSpec).max(256).optional(),
    /** `source:target[:options]`; a source starting with "/" is a host path, otherwise a named volume. */
    binds: z.array(Text(8192).regex(/^[^:]+:\/[^:]*(:[a-zA-Z,]+)?$/, "binds look like source:/target[:ro]")).max(256).optional(),
    mounts: z.array(MountSpec).max(256).optional(),
    networkMode: Text(256).optional(),
    pidMode: Text(256).optional(),
    ipcMode: Text(256).optional(),
    utsMode: Text(256).optional(),
    usernsMode: Text(256).optional(),
    privileged: z.boolean().optional(),
    capAdd: z.array(Text(64)).max(64).optional(),
    devices: z.array(DeviceSpec).max(64).optional(),
    securityOpt: z.array(Text(1024)).max(32).optional(),
    restartPolicy: z.enum(["no", "always", "unless-stopped", "on-failure"]).optional(),
    limits: z
      .object({
        memoryBytes: z.number().int().min(6 * 1024 * 1024, "memory limit must be at least 6 MB").optional(),
        memorySwapBytes: z.number().int().min(-1).optional(),
        nanoCpus: z.number().int().min(1_000_000).optional(),
        cpuShares: z.number().int().min(2).max(262144).optional(),
        pidsLimit: z.number().int().min(-1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ContainerCreateSpec = z.infer<typeof ContainerCreateSpec>;
export type ContainerCreateSpecInput = z.input<typeof ContainerCreateSpec>;
