import { z } from "zod";
import { eventHosts, historyBetween, queryEvents, type EventFilter } from "@dockmaster/core";
import { InfiniteDirection } from "../input";
import { anywhereProcedure } from "../procedures";
import { t } from "../trpc";

const Word = z.string().trim().max(256);

/** The filters of the events history (the same for the page and the export). */
export const EventFilterInput = z.strictObject({
  /** One host; without it, every host the reader holds host.view on. */
  hostId: z.string().min(1).max(100).optional(),
  /** Only the hosts of this host group. */
  hostGroupId: z.string().min(1).max(100).optional(),
  /** Only the hosts with this label: "key" or "key=value". */
  hostLabel: Word.max(200).optional(),
  type: Word.max(50).optional(),
  action: Word.max(100).optional(),
  container: Word.optional(),
  image: Word.optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  text: z.string().max(200).optional(),
});
export type EventFilterInput = z.infer<typeof EventFilterInput>;

const Cursor = z.strictObject({ time: z.date(), id: z.number().int().positive() });

/** Only the host and time filters leave host history (online / offline …) meaningful next to events. */
const narrowsEvents = (f: EventFilterInput) => Boolean(f.type || f.action || f.container || f.image || f.text);

export const eventsRouter = t.router({
  // `cursor`: where the previous page ended (newest first); tRPC's infinite queries pass it.
  list: anywhereProcedure("host.view", EventFilterInput.extend({ cursor: Cursor.nullish(), direction: InfiniteDirection, limit: z.number().int().min(1).max(500).default(100) })).query(async ({ ctx, input }) => {
      const { cursor, direction: _direction, limit, hostId, hostGroupId, hostLabel, ...rest } = input;
      const filter: EventFilter = { ...rest, hostIds: await eventHosts(ctx.db, ctx.actor, { hostId, hostGroupId, hostLabel }) };
      if (filter.hostIds?.length === 0) return { items: [], nextCursor: null, history: [] };
      const page = await queryEvents(ctx.db, filter, { cursor: cursor ?? undefined, limit });
      const oldest = page.items[page.items.length - 1]?.time;
      const history = narrowsEvents(input) ? [] : await historyBetween(ctx.db, filter.hostIds, { from: page.next ? oldest : input.from, to: cursor?.time ?? input.to });
      return {
        items: page.items.map((row) => ({ ...row, attributes: JSON.parse(row.attributes) as Record<string, string> })),
        nextCursor: page.next,
        history,
      };
    }),
});
