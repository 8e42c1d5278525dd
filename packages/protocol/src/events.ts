import { z } from "zod";

/** One Docker engine event (from GET /events), stamped by the agent with a per-host sequence number. */
export const EngineEvent = z.object({
  seq: z.number().int().positive(),
  timeNano: z.string().regex(/^\d{1,25}$/, "timeNano must be a decimal number of nanoseconds"), // exceeds 2^53
  type: z.string().min(1).max(64), // container | image | network | volume | daemon | plugin | dockmaster ...
  action: z.string().min(1).max(4_096), // start | die | destroy | pull | exec_start: sh -c … | resync
  actorId: z.string().max(512),
  actorAttributes: z.record(z.string().max(512), z.string().max(16_384)),
});
export type EngineEvent = z.infer<typeof EngineEvent>;

/**
 * The event type of the relay's own marker: `{ type: "dockmaster", action: "resync" }` stands where
 * engine events may have been lost (attributes.reason says why); the host's state is re-read then.
 */
export const RELAY_EVENT_TYPE = "dockmaster";
export const RESYNC_ACTION = "resync";

/** At most this many events per `engine:events` batch (the agent also keeps a batch's JSON small). */
export const MAX_EVENT_BATCH = 500;

/** Events of one host in seq order, without holes: the server stores them in one transaction. */
export const EngineEventBatch = z
  .object({ events: z.array(EngineEvent).min(1).max(MAX_EVENT_BATCH) })
  .refine((batch) => batch.events.every((e, i) => i === 0 || e.seq === batch.events[i - 1]!.seq + 1), {
    message: "the events of a batch must have consecutive seqs",
    path: ["events"],
  });
export type EngineEventBatch = z.infer<typeof EngineEventBatch>;

/** After the batch is stored: every event of the host up to `seq` is stored. */
export const EventBatchAck = z.object({ ok: z.literal(true), seq: z.number().int().nonnegative() });
export type EventBatchAck = z.infer<typeof EventBatchAck>;
