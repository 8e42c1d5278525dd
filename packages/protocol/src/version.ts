/** Bumped on any incompatible change to the agent ↔ control-plane protocol. */
export const PROTOCOL_VERSION = 1;
