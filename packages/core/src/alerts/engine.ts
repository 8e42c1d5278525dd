import type { Db } from "@dockmaster/db";
import type { EngineEvent, HostStatus } from "@dockmaster/protocol";
import { HostLabels } from "../hosts/labels";
import type { AlertSignal } from "./kinds";
import type { OutboxLogger } from "./outbox";
import { applySignal } from "./raise";
import { listRules, ruleCovers, type AlertRuleView } from "./rules";
import { RestartTracker, signalsOfEvent, signalsOfHostStatus } from "./signals";

interface HostFacts {
  id: string;
  name: string;
  groupId: string | null;
  labels: Record<string, string>;
}

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
  private readonly hosts = new Map<string, { at: number; host: HostFacts | null }>();
  private readonly restarts = new RestartTracker();

  constructor(
    private readonly db: Db,
    private readonly log: OutboxLogger,
    /** Something was queued for delivery (wake the worker) or an alert changed (tell browsers). */
    private readonly onChange: (alertId: string) => void,
  ) {}

  eventsStored(hostId: string, events: EngineEvent[]): void {
    // Cheap filter first: most events (exec, network, image…) never make an alert.
    const relevant = events.filter((e) => e.type === "container" && (e.action === "die" || e.action === "oom" || e.action === "start" || e.action.startsWith("health_status")));
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
      const host = await this.host(signal.hostId);
      if (host) await this.apply(host, [signal]);
    });
  }

  /** Waits for what is queued (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.log.error("alert evaluation failed", { error: String(error) }));
  }

  private async apply(host: HostFacts, signals: AlertSignal[], event?: EngineEvent): Promise<void> {
    const rules = (await this.currentRules()).filter((r) => r.enabled && ruleCovers(r, host));
    if (event?.action === "start") {
      const name = event.actorAttributes.name ?? event.actorId.slice(0, 12);
      const at = Number(BigInt(event.timeNano) / 1_000_000n);
      for (const rule of rules.filter((r) => r.kinds.includes("container.restart_loop"))) {
        if (!this.restarts.started(`${rule.id}|${host.id}|${name}`, at, rule.restartCount, rule.restartWindowMin * 60_000)) continue;
        // Found under this rule's own thresholds: raised under this rule only.
        const loop: AlertSignal = { kind: "container.restart_loop", hostId: host.id, subject: name, resolves: false, title: `${name} is restarting in a loop on ${host.name}`, text: `Container ${name} on ${host.name} started ${rule.restartCount} times within ${rule.restartWindowMin} min.` };
        const outcome = await applySignal(this.db, rule, loop, host.name);
        if (outcome) this.onChange(outcome.alertId);
      }
    }
    for (const signal of signals) {
      for (const rule of rules.filter((r) => r.kinds.includes(signal.kind))) {
        const outcome = await applySignal(this.db, rule, signal, host.name);
        if (outcome) this.onChange(outcome.alertId);
      }
    }
  }

  /**
   * Read for every signal, not cached: signals are rare (exits, OOM kills, health changes, starts,
   * host status), and a rule saved a moment ago on any instance must apply to the next one.
   */
  private currentRules(): Promise<AlertRuleView[]> {
    return listRules(this.db);
  }

  private async host(hostId: string): Promise<HostFacts | null> {
    const cached = this.hosts.get(hostId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.host;
    const row = await this.db.host.findUnique({ where: { id: hostId }, select: { id: true, name: true, groupId: true, labels: true } });
    const labels = row ? HostLabels.safeParse((() => { try { return JSON.parse(row.labels) as unknown; } catch { return {}; } })()) : null;
    const host = row ? { id: row.id, name: row.name, groupId: row.groupId, labels: labels?.success ? labels.data : {} } : null;
    this.hosts.set(hostId, { at: Date.now(), host });
    return host;
  }
}
