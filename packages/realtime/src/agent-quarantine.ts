import { z } from "zod";
import { LogThrottle } from "./log-throttle";

/** The host an agent's hello claims (validated for real by admitAgent; here only to look it up). */
const ClaimedHost = z.object({ credential: z.object({ kind: z.literal("secret"), hostId: z.string().max(200) }) });

export interface QuarantineOptions {
  /** The first quarantine of a host; each repeat within `forgetAfterMs` doubles it… */
  firstMs: number;
  /** …up to this. */
  maxMs: number;
  /** A host that behaved this long after its last quarantine starts over at `firstMs`. */
  forgetAfterMs: number;
  /** Refused handshakes of a held host are logged at most once per this many ms (with a count). */
  logEveryMs: number;
}

export const DEFAULT_QUARANTINE: QuarantineOptions = { firstMs: 30_000, maxMs: 15 * 60_000, forgetAfterMs: 60 * 60_000, logEveryMs: 10_000 };

interface Held {
  until: number;
  strikes: number;
  lastStrikeAt: number;
}

/**
 * Agents this control plane holds off after they went past their budget of refused messages
 * (refusals.ts closes the socket): their reconnects are refused at the handshake, before any
 * database lookup, with how long to wait (QUARANTINED). A flooding agent then costs one cheap
 * refusal per attempt instead of a stream of messages to parse and refuse — so the flood stops
 * weighing on the other agents. In memory: a restart forgives. In scale-out, each hold is also
 * published to the other instances (agent-gateway.ts), which adopt it, so a flooder cannot start
 * afresh on the next instance.
 */
export class AgentQuarantine {
  private readonly held = new Map<string, Held>();
  private readonly refusalLines: LogThrottle;

  constructor(
    private readonly options: QuarantineOptions = DEFAULT_QUARANTINE,
    private readonly now: () => number = Date.now,
  ) {
    this.refusalLines = new LogThrottle(options.logEveryMs, now);
  }

  /** Holds the host off; returns for how long. */
  hold(hostId: string): number {
    const now = this.now();
    const before = this.held.get(hostId);
    const strikes = before && now - before.lastStrikeAt < this.options.forgetAfterMs ? before.strikes + 1 : 1;
    const ms = Math.min(this.options.firstMs * 2 ** (strikes - 1), this.options.maxMs);
    this.held.set(hostId, { until: now + ms, strikes, lastStrikeAt: now });
    this.refusalLines.forget(hostId); // a new quarantine's first refusal is logged at once
    if (this.held.size > 10_000) this.forgetOld(now);
    return ms;
  }

  /** Another instance holds the host off for `heldMs` (its `strikes`-th time): held here as long, unless already held longer. */
  adopt(hostId: string, heldMs: number, strikes: number): void {
    const now = this.now();
    const before = this.held.get(hostId);
    const until = Math.max(before?.until ?? 0, now + Math.min(heldMs, this.options.maxMs));
    this.held.set(hostId, { until, strikes: Math.max(before?.strikes ?? 0, strikes), lastStrikeAt: now });
    if (this.held.size > 10_000) this.forgetOld(now);
  }

  /** How many times the host has been held off lately (for publishing a hold). */
  strikes(hostId: string): number {
    return this.held.get(hostId)?.strikes ?? 0;
  }

  /** For a hello (raw handshake auth): how much longer its host is held, and whether to log this refusal now (with how many it stands for). */
  check(auth: unknown): { hostId: string; remainingMs: number; logCount: number | null } | null {
    const claimed = ClaimedHost.safeParse(auth);
    if (!claimed.success) return null;
    const hostId = claimed.data.credential.hostId;
    const entry = this.held.get(hostId);
    const now = this.now();
    if (!entry || entry.until <= now) return null;
    return { hostId, remainingMs: entry.until - now, logCount: this.refusalLines.note(hostId) };
  }

  private forgetOld(now: number): void {
    for (const [hostId, entry] of this.held) {
      if (now - entry.lastStrikeAt < this.options.forgetAfterMs) continue;
      this.held.delete(hostId);
      this.refusalLines.forget(hostId);
    }
  }
}
