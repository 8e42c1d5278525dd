import { applyHostDelta, replaceHostState } from "@dockmaster/core";
import type { Db, SqliteConnection } from "@dockmaster/db";
import { HostStateDelta, HostStateFull } from "@dockmaster/protocol";
import type { z } from "zod";
import type { AgentSocket } from "./agent-hub";
import type { Logger } from "./logger";
import type { Refusals } from "./refusals";

export interface StateIntakeDeps {
  db: Db;
  /** SQLite: Prisma's connection, for the snapshot store's direct path. */
  sqliteConnection?: () => SqliteConnection | null;
  log: Logger;
  /** After the host's snapshot was written (the /ui gateway tells the fleet pages). */
  onStateChanged(hostId: string): void;
}

/**
 * The host's state from one agent socket: validated (shape and size bounds), stored as the host's
 * snapshot, then acknowledged. Anything malformed is refused with a logged reason and leaves the
 * snapshot as it was; the agent then resends its full state.
 */
export function attachStateIntake(socket: AgentSocket, hostId: string, refusals: Refusals, deps: StateIntakeDeps): void {
  const intake = <S extends z.ZodType>(event: "state:full" | "state:delta", schema: S, store: (value: z.output<S>) => Promise<void>) => {
    socket.on(event, (raw: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => undefined;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join(".") || "(root)";
        // Not counted toward the agent's quarantine: the agent answers a refused state message with
        // a full resync, and a state message costs the same whether it is refused or taken.
        refusals.refused(`malformed ${event} refused`, { at: where, issue: issue?.message }, { counts: false });
        return reply({ ok: false, error: `malformed ${event}: ${where}: ${issue?.message ?? "invalid"}` });
      }
      store(parsed.data).then(
        () => {
          reply({ ok: true });
          deps.onStateChanged(hostId);
        },
        (error: unknown) => {
          deps.log.error(`${event} not stored`, { hostId, error: String(error) });
          reply({ ok: false, error: `${event} not stored` });
        },
      );
    });
  };
  intake("state:full", HostStateFull, (state) => replaceHostState(deps.db, hostId, state, deps.sqliteConnection?.() ?? null));
  intake("state:delta", HostStateDelta, (delta) => applyHostDelta(deps.db, hostId, delta, deps.sqliteConnection?.() ?? null));
}
