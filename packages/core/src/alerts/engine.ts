import type { Db } from "@dockmaster/db";
import type { EngineEvent, HostStatus } from "@dockmaster/protocol";
import { HostLabels } from "../hosts/labels";
import type { AlertKind, AlertSignal } from "./kinds";
import type { OutboxLogger } from "./outbox";
import { applySignal } from "./raise";
import { WantedKinds } from "./wanted-kinds";
import { listRules, ruleCovers, type AlertRuleView, type AlertHostFacts } from "./rules";
import { COMPOSE_PROJECT, denialSignal, diskSignal, operationFailedSignal, RestartTracker, signalsOfEvent, signalsOfHostStatus } from "./signals";

/** Host facts (name, group, labels) are re-read at most this often. */
const CACHE_MS = 5_000;

/**
 * Turns what the control plane already learnt into alerts, off the hot path: the event writer
 * hands over the events it has just stored (each event is stored once, by the instance holding
 * the host's agent, so each is evaluated once fleet-wide), host presence hands over the status
 * changes it wrote (also once). Work runs one item at a time behind a queue; intake never waits.
 */
export class AlertEngine {
  private chain: Promise<void> = Promise.resolve();
  private readonly hosts = new Map<string, { at: number; host: AlertHostFacts | null }>();
  private readonly restarts = new RestartTracker();
  private readonly wanted: WantedKinds;

  constructor(
    private readonly db: Db,
    private readonly log: OutboxLogger,
    /** An alert changed (tell browsers), with the outbox rows it queued (hand them to the worker). */
    private readonly onChange: (alertId: string, deliveryIds: string[]) => void,
    /** How long the kinds rules name are trusted by the event filter before they are read again (ms). */
    rulesTtlMs = 1_000,
  ) {
    this.wanted = new WantedKinds(db, rulesTtlMs);
  }

  eventsStored(hostId: string, events: EngineEvent[]): void {
    // Cheap filter first: most events (exec, network, image, clean exits, starts when no rule
    // watches restart loops) never make an alert, and are dropped before the queue.
    const candidates = events.filter((e) => mayRaise(e, null));
    if (candidates.length === 0) return;
    const wanted = this.wanted.current();
    if (wanted instanceof Promise) wanted.then((kinds) => this.evaluate(hostId, candidates, kinds), (error: unknown) => this.log.error("alert rules not read", { error: String(error) }));
    else this.evaluate(hostId, candidates, wanted);
  }

  private evaluate(hostId: string, candidates: EngineEvent[], wanted: Set<AlertKind>): void {
    const relevant = candidates.filter((e) => mayRaise(e, wanted));
    if (relevant.length === 0) return;
    this.enqueue(async () => {
      const host = await this.host(hostId);
      if (!host) return;
      for (const event of relevant) {
        const signals = signalsOfEvent(hostId, host.name, event);
        await this.apply(host, signals, event);
      }
    });
  }

  hostStatus(hostId: string, status: HostStatus, reason: string | null): void {
    this.enqueue(async () => {
      const host = await this.host(hostId);
      if (host) await this.apply(host, signalsOfHostStatus(hostId, host.name, status, reason));
    });
  }

  /**
   * A signal found by another feature (updates, operations, disk, denials): applied under every
   * enabled rule that names its kind and covers its host, off the caller's path.
   */
  raise(signal: AlertSignal): void {
    this.enqueue(async () => {
      const host = signal.hostId === null ? null : await this.host(signal.hostId);
      // A host removed meanwhile: nothing to say about it.
      if (signal.hostId === null || host) await this.apply(host, [signal]);
    });
  }

  /**
   * Docker's disk use on a host (system df), measured by the instance holding its agent: each rule
   * naming host.disk compares it with its own threshold (over raises, under resolves).
   */
  diskMeasured(hostId: string, bytes: number): void {
    this.enqueue(async () => {
      const host = await this.host(hostId);
      if (!host) return;
      for (const rule of await this.rulesFor("host.disk", host, {})) await this.applyUnder(rule, diskSignal(host.id, host.name, bytes, rule.diskThresholdGb), host.name);
    });
  }

  /** An Operation ended failed (operations/finished.ts tells the instance that finished it). */
  operationFailed(op: { hostId: string; action: string; targetName: string | null; actorName: string | null; error: string }): void {
    this.enqueue(async () => {
      const host = await this.host(op.hostId);
      await this.apply(host, [operationFailedSignal({ ...op, hostId: host?.id ?? null, hostName: host?.name ?? null })]);
    });
  }

  /**
   * A user was refused (the audit trail recorded a denial). Each rule naming the kind counts that
   * user's denials in the audit trail within its window — denials reach every instance, the trail
   * holds them all — and raises at its threshold; later denials count on the open alert.
   */
  accessDenied(user: { id: string; name: string }, action: string): void {
    this.enqueue(async () => {
      const rules = await this.rulesFor("access.denied_repeatedly", null, {});
      for (const rule of rules) {
        const since = new Date(Date.now() - rule.denialWindowMin * 60_000);
        const count = await this.db.auditEvent.count({ where: { actorId: user.id, result: "denied", time: { gte: since } } });
        if (count >= rule.denialCount) await this.applyUnder(rule, denialSignal(user.name, count, rule.denialWindowMin, action), null);
      }
    });
  }

  /** Waits for what is queued (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.log.error("alert evaluation failed", { error: String(error) }));
  }

  private async apply(host: AlertHostFacts | null, signals: AlertSignal[], event?: EngineEvent): Promise<void> {
    if (host && event?.action === "start") {
      const name = event.actorAttributes.name ?? event.actorId.slice(0, 12);
      const at = Number(BigInt(event.timeNano) / 1_000_000n);
      const stack = event.actorAttributes[COMPOSE_PROJECT] ?? null;
      for (const rule of await this.rulesFor("container.restart_loop", host, { stack })) {
        if (!this.restarts.started(`${rule.id}|${host.id}|${name}`, at, rule.restartCount, rule.restartWindowMin * 60_000)) continue;
        // Found under this rule's own thresholds: raised under this rule only.
        const loop: AlertSignal = { kind: "container.restart_loop", hostId: host.id, stack, subject: name, resolves: false, title: `${name} is restarting in a loop on ${host.name}`, text: `Container ${name} on ${host.name} started ${rule.restartCount} times within ${rule.restartWindowMin} min.` };
        await this.applyUnder(rule, loop, host.name);
      }
    }
    for (const signal of signals) {
      for (const rule of await this.rulesFor(signal.kind, host, signal)) await this.applyUnder(rule, signal, host?.name ?? null);
    }
  }

  /** Enabled rules naming this kind whose scope takes the signal. */
  private async rulesFor(kind: AlertSignal["kind"], host: AlertHostFacts | null, signal: Pick<AlertSignal, "stack">): Promise<AlertRuleView[]> {
    // Read for every signal, not cached: what reaches here is rare (the event filter dropped the
    // rest), and a rule saved a moment ago on any instance must apply to the next one.
    return (await listRules(this.db)).filter((r) => r.enabled && r.kinds.includes(kind) && ruleCovers(r, host, signal));
  }

  private async applyUnder(rule: AlertRuleView, signal: AlertSignal, hostName: string | null): Promise<void> {
    const outcome = await applySignal(this.db, rule, signal, hostName);
    if (outcome) this.onChange(outcome.alertId, outcome.deliveryIds);
  }

  private async host(hostId: string): Promise<AlertHostFacts | null> {
    const cached = this.hosts.get(hostId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.host;
    const row = await this.db.host.findUnique({ where: { id: hostId }, select: { id: true, name: true, groupId: true, labels: true } });
    const labels = row ? HostLabels.safeParse((() => { try { return JSON.parse(row.labels) as unknown; } catch { return {}; } })()) : null;
    const host = row ? { id: row.id, name: row.name, groupId: row.groupId, labels: labels?.success ? labels.data : {} } : null;
    this.hosts.set(hostId, { at: Date.now(), host });
    return host;
  }
}

/** Whether an engine event can make an alert under the kinds some rule names (null: not known yet, so yes). */
export function mayRaise(e: EngineEvent, wanted: Set<AlertKind> | null): boolean {
  if (e.type !== "container") return false;
  const wants = (kind: AlertKind) => wanted === null || wanted.has(kind);
  if (e.action === "die") return wants("container.exited") && (e.actorAttributes.exitCode ?? "0") !== "0";
  if (e.action === "oom") return wants("container.oom");
  if (e.action === "start") return wants("container.restart_loop");
  return e.action.startsWith("health_status") && wants("container.unhealthy");
}
