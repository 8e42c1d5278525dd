import { z } from "zod";
import {
  CapabilitySpec,
  checkComposeFields,
  DnsOptionSpec,
  DnsServerSpec,
  DomainNameSpec,
  ExposedPortSpec,
  ExtraHostSpec,
  ExtraNetworkSpec,
  HealthcheckSpec,
  HostnameSpec,
  LogConfigSpec,
  NetworkAlias,
  NOT_A_USER_NETWORK,
  StopSignalSpec,
  SysctlsSpec,
  TmpfsSpec,
  UlimitSpec,
} from "./container-spec-compose";

/**
 * What `docker create` may ask for through Dockmaster. Strict: a field not listed here (say a raw
 * `HostConfig`) is refused rather than passed on, so no shape can sneak past the capability check.
 */
const Text = (max: number) => z.string().max(max);

export const PortBindingSpec = z
  .object({
    containerPort: z.number().int().min(1).max(65535),
    protocol: z.enum(["tcp", "udp", "sctp"]).default("tcp"),
    hostIp: z.union([z.ipv4(), z.ipv6(), z.literal("")], { error: "hostIp must be an IPv4 or IPv6 address, or empty (all interfaces)" }).default(""),
    hostPort: z
      .string()
      .regex(/^(\d{1,5})?$/, "hostPort must be a port number or empty (random)")
      .refine((p) => p === "" || Number(p) <= 65535, "hostPort must be at most 65535")
      .default(""),
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

/** What the engine accepts as a container name (create and rename). */
export const ContainerName = z
  .string()
  .min(1, "a name is required")
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "container names start with a letter or digit and may contain letters, digits and _ . -");

/** Signals `docker kill` may send: the usual names, or a number (1–64). */
export const SIGNAL_NAMES = ["SIGTERM", "SIGKILL", "SIGHUP", "SIGINT", "SIGUSR1", "SIGUSR2", "SIGQUIT"] as const;
const isSignal = (v: string | number) =>
  typeof v === "number" ? Number.isInteger(v) && v >= 1 && v <= 64 : (SIGNAL_NAMES as readonly string[]).includes(v) || /^([1-9]|[1-5]\d|6[0-4])$/.test(v);
export const ContainerSignal = z.union([z.string().max(16), z.number()]).refine(isSignal, `must be one of ${SIGNAL_NAMES.join(", ")} or a number from 1 to 64`);
export type ContainerSignal = z.infer<typeof ContainerSignal>;

export const ContainerCreateSpec = z
  .object({
    image: Text(512).min(1, "image is required"),
    name: ContainerName.optional(),
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
    /** Extra DNS names for this container on `networkMode` (a user-defined network). */
    networkAliases: z.array(NetworkAlias).max(32).optional(),
    pidMode: Text(256).optional(),
    ipcMode: Text(256).optional(),
    utsMode: Text(256).optional(),
    usernsMode: Text(256).optional(),
    privileged: z.boolean().optional(),
    capAdd: z.array(Text(64)).max(64).optional(),
    devices: z.array(DeviceSpec).max(64).optional(),
    securityOpt: z.array(Text(1024)).max(32).optional(),
    restartPolicy: z.enum(["no", "always", "unless-stopped", "on-failure"]).optional(),
    /** `docker run --rm`: the engine removes the container (and its anonymous volumes) once it exits. */
    autoRemove: z.boolean().optional(),
    /** Seconds `docker stop` waits after SIGTERM before SIGKILL (the engine's default: 10). */
    stopTimeout: z.number().int().min(0, "stop timeout must be 0 or more seconds").max(3600, "stop timeout must be at most 3600 seconds (an hour)").optional(),
    /** Only with restartPolicy "on-failure": give up after this many restarts (0 = never give up). */
    restartMaxRetries: z.number().int().min(0).max(10_000).optional(),
    limits: z
      .object({
        memoryBytes: z.number().int().min(6 * 1024 * 1024, "memory limit must be at least 6 MB").optional(),
        memorySwapBytes: z.number().int().min(-1).optional(),
        nanoCpus: z.number().int().min(1_000_000, "CPUs must be at least 0.001").optional(),
        cpuShares: z.number().int().min(2).max(262144).optional(),
        pidsLimit: z.number().int().min(-1).optional(),
        /** A soft limit the kernel reclaims towards under memory pressure (compose deploy.resources.reservations.memory). */
        memoryReservationBytes: z.number().int().min(6 * 1024 * 1024, "memory reservation must be at least 6 MB").optional(),
      })
      .strict()
      .optional(),
    // ---- compose services need these too (issue 14); shapes in container-spec-compose.ts ----
    hostname: HostnameSpec.optional(),
    domainname: DomainNameSpec.optional(),
    healthcheck: HealthcheckSpec.optional(),
    /** An init process (docker-init) as PID 1: reaps zombies, forwards signals. */
    init: z.boolean().optional(),
    /** The signal `docker stop` sends first (the image's or SIGTERM by default). */
    stopSignal: StopSignalSpec.optional(),
    /** Keep stdin open (compose stdin_open). */
    openStdin: z.boolean().optional(),
    extraHosts: z.array(ExtraHostSpec).max(256).optional(),
    dns: z.array(DnsServerSpec).max(16).optional(),
    dnsSearch: z.array(DomainNameSpec).max(32).optional(),
    dnsOptions: z.array(DnsOptionSpec).max(32).optional(),
    capDrop: z.array(CapabilitySpec).max(64).optional(),
    readOnlyRootfs: z.boolean().optional(),
    sysctls: SysctlsSpec.optional(),
    /** /dev/shm's size (0 = the engine's 64 MB). */
    shmSizeBytes: z.number().int().min(0, "shm size must be 0 or more bytes").max(2 ** 40, "shm size must be at most 1 TiB").optional(),
    /** tmpfs mounts: absolute path in the container → mount options ("" = defaults). */
    tmpfs: TmpfsSpec.optional(),
    logConfig: LogConfigSpec.optional(),
    ulimits: z.array(UlimitSpec).max(16).optional(),
    /** Ports the container exposes without publishing them (compose expose); published ports are exposed anyway. */
    exposedPorts: z.array(ExposedPortSpec).max(1024).optional(),
    /** A fixed address on `networkMode` (a user-defined network with a configured subnet). */
    ipv4Address: z.ipv4({ error: "ipv4Address must be an IPv4 address" }).optional(),
    /** Further networks, connected after create and before start (the Engine API takes one network at create). */
    extraNetworks: z.array(ExtraNetworkSpec).max(32).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    checkComposeFields(spec, ctx);
    if (spec.networkAliases?.length && NOT_A_USER_NETWORK.test(spec.networkMode ?? "")) {
      ctx.addIssue({ code: "custom", path: ["networkAliases"], message: "network aliases need a user-defined network (set the network first)" });
    }
    if (spec.restartMaxRetries !== undefined && spec.restartPolicy !== "on-failure") {
      ctx.addIssue({ code: "custom", path: ["restartMaxRetries"], message: "a maximum retry count only applies to the on-failure restart policy" });
    }
    // The engine refuses both together ("conflicting options: AutoRemove and RestartPolicy").
    if (spec.autoRemove && spec.restartPolicy && spec.restartPolicy !== "no") {
      ctx.addIssue({ code: "custom", path: ["autoRemove"], message: `auto-remove cannot be combined with the restart policy "${spec.restartPolicy}": a container removed on exit cannot be restarted` });
    }
    // The engine's own rules for swap, said before the round trip: memory + swap needs memory, and is at least memory.
    const { memoryBytes, memorySwapBytes } = spec.limits ?? {};
    if (memorySwapBytes !== undefined && memorySwapBytes > 0) {
      if (memoryBytes === undefined) ctx.addIssue({ code: "custom", path: ["limits", "memorySwapBytes"], message: "memory + swap needs a memory limit too" });
      else if (memorySwapBytes < memoryBytes) ctx.addIssue({ code: "custom", path: ["limits", "memorySwapBytes"], message: "memory + swap must be at least the memory limit" });
    }
  });
export type ContainerCreateSpec = z.infer<typeof ContainerCreateSpec>;
export type ContainerCreateSpecInput = z.input<typeof ContainerCreateSpec>;
