import type { ContainerCreateSpec } from "@dockmaster/protocol";

/**
 * The ContainerCreateSpec fields compose needs that the protocol is gaining on the `spec` branch
 * (issue 14), typed here until that lands: same names and shapes, so merging is a deletion.
 */
export interface CreateSpecExtras {
  hostname?: string;
  domainname?: string;
  healthcheck?: { test: string[]; intervalNs?: number; timeoutNs?: number; retries?: number; startPeriodNs?: number; startIntervalNs?: number };
  init?: boolean;
  stopSignal?: string;
  openStdin?: boolean;
  /** "host:ip" */
  extraHosts?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  capDrop?: string[];
  readOnlyRootfs?: boolean;
  sysctls?: Record<string, string>;
  shmSizeBytes?: number;
  /** Container path → mount options ("size=67108864,mode=1777"). */
  tmpfs?: Record<string, string>;
  logConfig?: { driver: string; options?: Record<string, string> };
  ulimits?: { name: string; soft: number; hard: number }[];
  /** "80/tcp" */
  exposedPorts?: string[];
  /** The address on the primary network (networkMode). */
  ipv4Address?: string;
  extraNetworks?: { name: string; aliases?: string[]; ipv4Address?: string }[];
}

type Limits = NonNullable<ContainerCreateSpec["limits"]> & { memoryReservationBytes?: number };

/** What the loader produces for one replica: the protocol's create spec plus the extras above. */
export type ComposeCreateSpec = Omit<ContainerCreateSpec, "limits"> & CreateSpecExtras & { limits?: Limits };
