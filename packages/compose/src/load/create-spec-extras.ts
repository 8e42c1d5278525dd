import type { ContainerCreateSpec } from "@dockmaster/protocol";

/** What the loader produces for one replica: the protocol's create spec (its compose-era fields included). */
export type ComposeCreateSpec = ContainerCreateSpec;
