import { z } from "zod";
import { checkAddressing } from "./cidr";

/** Networks: what create / connect may ask for, and what list / inspect / prune answer. */

const Name = z.string().min(1, "name is required").max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "names may contain letters, digits and _ . - (starting with a letter or digit)");
const Labels = z.record(z.string().min(1).max(256), z.string().max(4096));
/** Driver options such as com.docker.network.bridge.name or com.docker.network.driver.mtu. */
const DriverOptions = z.record(z.string().min(1).max(256).regex(/^[a-zA-Z0-9_.\-/]+$/, "option names may contain letters, digits and _ . - /"), z.string().max(1024));
const InterfaceName = z.string().max(15).regex(/^[a-zA-Z0-9_.-]+$/, "an interface name (e.g. eth0 or eth0.10)");

export const NetworkCreateSpec = z
  .object({
    name: Name,
    driver: z.enum(["bridge", "macvlan", "ipvlan"]).default("bridge"),
    /** No route out: containers reach each other, not the outside world. */
    internal: z.boolean().default(false),
    attachable: z.boolean().default(false),
    subnet: z.string().max(64).optional(),
    gateway: z.string().max(64).optional(),
    ipRange: z.string().max(64).optional(),
    /** macvlan / ipvlan: the host interface the network hangs off (driver option "parent"). */
    parent: InterfaceName.optional(),
    labels: Labels.optional(),
    options: DriverOptions.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    for (const error of checkAddressing(spec).errors) ctx.addIssue({ code: "custom", path: [error.field], message: error.message });
    if (spec.parent && spec.driver === "bridge") ctx.addIssue({ code: "custom", path: ["parent"], message: "parent applies to macvlan and ipvlan networks, not bridge" });
  });
export type NetworkCreateSpec = z.infer<typeof NetworkCreateSpec>;

export const NetworkConnectSpec = z
  .object({
    network: z.string().min(1).max(256),
    container: z.string().min(1).max(256),
    aliases: z.array(z.string().min(1).max(253).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "aliases are DNS names")).max(32).optional(),
    ipv4Address: z.ipv4().optional(),
  })
  .strict();
export type NetworkConnectSpec = z.infer<typeof NetworkConnectSpec>;

export const IpamConfig = z.object({ subnet: z.string(), gateway: z.string().optional(), ipRange: z.string().optional() });

export const NetworkSummary = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  internal: z.boolean(),
  attachable: z.boolean(),
  created: z.string(),
  ipam: z.array(IpamConfig),
  labels: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.string()),
  /** Names of containers (running or not) configured on this network. */
  containers: z.array(z.string()),
  /** bridge, host, none: the engine's own, which cannot be removed. */
  predefined: z.boolean(),
});
export type NetworkSummary = z.infer<typeof NetworkSummary>;

export const NetworkEndpoint = z.object({
  containerId: z.string(),
  name: z.string(),
  ipv4Address: z.string(),
  ipv6Address: z.string(),
  macAddress: z.string(),
});

export const NetworkDetail = NetworkSummary.omit({ containers: true }).extend({
  /** Endpoints: containers attached right now (running). */
  endpoints: z.array(NetworkEndpoint),
  /** The Linux bridge on the host, when the driver is bridge (docker0 for "bridge", br-<id> otherwise). */
  bridgeName: z.string().nullable(),
  mtu: z.number().nullable(),
  raw: z.record(z.string(), z.unknown()),
});
export type NetworkDetail = z.infer<typeof NetworkDetail>;

export const NetworkPruneCandidate = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  /** Stopped containers still configured on it: pruning takes the network from under them. */
  stoppedContainers: z.array(z.string()),
});
/** `at` (unix seconds): pass it to prune — only networks created before it go, so nothing made after the preview. */
export const NetworkPrunePreview = z.object({ at: z.number(), networks: z.array(NetworkPruneCandidate) });
export type NetworkPrunePreview = z.infer<typeof NetworkPrunePreview>;

/** Removing several objects one by one: what went, and what the engine refused (its words). */
export const RemovalReport = z.object({
  removed: z.array(z.string()),
  failed: z.array(z.object({ name: z.string(), message: z.string() })),
  spaceReclaimed: z.number(),
});
export type RemovalReport = z.infer<typeof RemovalReport>;
