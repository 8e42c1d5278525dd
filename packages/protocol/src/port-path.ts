import { z } from "zod";

/**
 * The path a published port's traffic takes on the engine's host:
 * host IP:port → DNAT rule (nat table, chain DOCKER) → bridge → host-side veth → container interface.
 * Each hop is either known or unknown with the reason (not root, nftables-only, remote engine…).
 */
export function knownOrUnknown<T extends z.ZodType>(value: T) {
  return z.union([z.object({ value }), z.object({ unknown: z.object({ reason: z.string() }) })]);
}
export type Hop<T> = { value: T } | { unknown: { reason: string } };

export const DnatHop = z.object({ chain: z.string(), rule: z.string(), destinationIp: z.string(), destinationPort: z.number() });
export const InterfaceHop = z.object({ name: z.string(), ifindex: z.number(), mac: z.string().nullable() });
export const ContainerInterfaceHop = InterfaceHop.extend({ ip: z.string(), peerIfindex: z.number() });

export const PublishedPortPath = z.object({
  hostIp: z.string(),
  hostPort: z.number(),
  protocol: z.string(),
  containerPort: z.number(),
  dnat: knownOrUnknown(DnatHop),
  bridge: knownOrUnknown(InterfaceHop),
  veth: knownOrUnknown(InterfaceHop),
  container: knownOrUnknown(ContainerInterfaceHop),
});
export type PublishedPortPath = z.infer<typeof PublishedPortPath>;

export const PortPath = z.object({
  containerId: z.string(),
  containerName: z.string(),
  /** Where the agent looked: the engine's network namespace, found through the container's shim. */
  notes: z.array(z.string()),
  ports: z.array(PublishedPortPath),
});
export type PortPath = z.infer<typeof PortPath>;
