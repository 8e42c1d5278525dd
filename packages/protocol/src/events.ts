import { z } from "zod";

/** One Docker engine event (from GET /events), stamped by the agent with a per-host sequence number. */
export const EngineEvent = z.object({
  seq: z.number().int().nonnegative(),
  timeNano: z.string(), // engine timestamp in ns, as a string (exceeds 2^53)
  type: z.string(), // container | image | network | volume | daemon | plugin | ...
  action: z.string(), // start | die | destroy | pull | ...
  actorId: z.string(),
  actorAttributes: z.record(z.string(), z.string()),
});
export type EngineEvent = z.infer<typeof EngineEvent>;

export const EventAck = z.object({ seq: z.number().int() });
export type EventAck = z.infer<typeof EventAck>;
