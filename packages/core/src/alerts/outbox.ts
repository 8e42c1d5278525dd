import { randomUUID } from "node:crypto";
import type { Db } from "@dockmaster/db";
import type { SecretBox } from "../secret-box";
import { openChannelConfig } from "./channels";
import type { AlertMessage } from "./message";
import { parseQuietHours, quietUntil } from "./quiet-hours";
import { sendToChannel, type SendResult } from "./send";

export interface OutboxTiming {
  /** How often due rows are looked for (a raise on this instance also wakes the worker at once). */
  pollMs: number;
  /** A claimed row is another instance's again after this long (the claimer died mid-send). */
  claimMs: number;
  /** Backoff: base × 2^(attempts-1), capped at maxBackoffMs. */
  backoffBaseMs: number;
  maxBackoffMs: number;
  /** A row still undelivered this long after it was written is marked failed (and shown). */
  giveUpAfterMs: number;
}

/** Retries for two hours: a receiver down for an hour still gets every message. */
export const DEFAULT_OUTBOX_TIMING: OutboxTiming = { pollMs: 2_000, claimMs: 60_000, backoffBaseMs: 5_000, maxBackoffMs: 5 * 60_000, giveUpAfterMs: 2 * 3_600_000 };

export interface OutboxLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The delivery worker. Every instance runs one; a row is sent by the instance that claims it with
 * one conditional UPDATE … RETURNING (`status = 'pending' AND claimedUntil <= now AND nextAttemptAt <= now`),
 * which both SQLite and PostgreSQL apply atomically: of two instances racing for a row, one
 * updates it and the other counts 0. Rows live in the database, so a restart loses nothing; a
 * send whose answer was lost (crash between the send and the write) is sent again — receivers
 * drop a repeat by its delivery id (at least once, and once in every other case).
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly log: OutboxLogger,
    private readonly timing: OutboxTiming = DEFAULT_OUTBOX_TIMING,
    /** Called after a row reached delivered or failed (the UI hears of it). */
    private readonly onSettled: (delivery: { id: string; channelId: string; status: string }) => void = () => undefined,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.timing.pollMs);
    this.kick();
  }

  /** Looks for due rows now (after a raise on this instance). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.log.error("alert deliveries not processed", { error: String(error) }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Attempts rows this instance has just written, at once: no wait for a poll and no query to find
   * them. Still claimed like any other row, so another instance polling meanwhile cannot send one twice.
   */
  deliverNow(ids: string[]): void {
    if (this.stopped || ids.length === 0) return;
    const work = Promise.all(ids.map((id) => this.attempt(id))).then(() => undefined);
    this.inFlight.add(work);
    void work.catch((error: unknown) => this.log.error("alert deliveries not processed", { error: String(error) })).finally(() => this.inFlight.delete(work));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await Promise.allSettled([...this.inFlight]);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const now = new Date();
      const due = await this.db.alertDelivery.findMany({ where: { status: "pending", nextAttemptAt: { lte: now }, claimedUntil: { lte: now } }, orderBy: { nextAttemptAt: "asc" }, take: 20, select: { id: true } });
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((row) => this.attempt(row.id)));
    }
  }

  /** Claims one row (or finds it taken), sends it, and records the answer. */
  private async attempt(id: string): Promise<void> {
    const now = new Date();
    const token = randomUUID();
    const [row] = await this.db.alertDelivery.updateManyAndReturn({
      where: { id, status: "pending", nextAttemptAt: { lte: now }, claimedUntil: { lte: now } },
      data: { claimedUntil: new Date(now.getTime() + this.timing.claimMs), claimToken: token },
    });
    if (!row) return; // another instance has it (or it is not due)
    const channel = await this.db.alertChannel.findUnique({ where: { id: row.channelId } });
    const config = channel ? openChannelConfig(this.secrets, channel) : null;
    const quiet = channel ? parseQuietHours(channel.quietHours) : null;
    const until = quiet ? quietUntil(quiet, now) : null;
    if (until) {
      // Quiet hours: held, not attempted; due again when they end (and its retry budget starts then).
      await this.db.alertDelivery.updateMany({ where: { id, claimToken: token }, data: { nextAttemptAt: until, heldUntil: until, claimedUntil: now, claimToken: null, lastResponse: `held for the channel's quiet hours until ${until.toISOString()}` } });
      return;
    }
    const result: SendResult = !channel
      ? { ok: false, response: "the channel was deleted" }
      : !config
        ? { ok: false, response: "the channel's settings cannot be read (sealed under another key)" }
        : await sendToChannel(config, { ...(JSON.parse(row.payload) as Omit<AlertMessage, "deliveryId">), deliveryId: row.id });
    const attempts = row.attempts + 1;
    const done = new Date();
    const expired = !channel || !config || done.getTime() - (row.heldUntil ?? row.createdAt).getTime() >= this.timing.giveUpAfterMs;
    const status = result.ok ? "delivered" : expired ? "failed" : "pending";
    const backoff = Math.min(this.timing.backoffBaseMs * 2 ** (attempts - 1), this.timing.maxBackoffMs);
    // Only our claim is settled: a claim that ran out meanwhile may have passed to another instance.
    await this.db.alertDelivery.updateMany({
      where: { id, claimToken: token },
      data: { status, attempts, lastResponse: result.response, deliveredAt: result.ok ? done : null, nextAttemptAt: new Date(done.getTime() + backoff), claimedUntil: done, claimToken: null },
    });
    if (status === "failed") this.log.warn("alert delivery failed for good", { deliveryId: id, channelId: row.channelId, response: result.response });
    if (status !== "pending") this.onSettled({ id, channelId: row.channelId, status });
  }
}
