/**
 * Where a (re)subscription to the engine's /events resumes, and what to make of the events it
 * replays. `since` is inclusive and dockerd replays from its ring of the last 256 events
 * (moby daemon/events/events.go, eventsLimit = 256): if the ring still holds the last relayed
 * event, the replay starts with it and nothing was lost; if the first event is newer, the events
 * in between are gone (ring overrun, or a restarted engine with a fresh ring) — a gap.
 */
export type SubscribeCause = "agent-start" | "stream-broke";

export type Admission = { duplicate: true } | { duplicate: false; gap: GapReport | null };

export interface GapReport {
  reason: string;
  attributes: Record<string, string>;
}

const CAUSE_TEXT: Record<SubscribeCause, string> = {
  "agent-start": "the agent started",
  "stream-broke": "the engine event stream broke",
};

export class ReplayGuard {
  /** timeNano of the newest event relayed (or stored by the server), null before any. */
  private resumeFrom: bigint | null = null;
  private replay: { cause: SubscribeCause; sawResumePoint: boolean; since: bigint } | null = null;

  /** The server's last stored event, where a freshly started agent resumes. */
  startFrom(timeNano: string | null): void {
    if (timeNano !== null && this.resumeFrom === null) this.resumeFrom = BigInt(timeNano);
  }

  /**
   * Starts a subscription: the `since` to ask for (undefined: from now on). A broken stream with
   * nothing to resume from cannot be checked at all: that is a gap of its own.
   */
  subscribe(cause: SubscribeCause): { sinceNano: string | undefined; gap: GapReport | null } {
    if (this.resumeFrom === null) {
      this.replay = null;
      const gap = cause === "stream-broke" ? report(cause, "no event had been relayed yet, so the engine cannot replay what was missed", {}) : null;
      return { sinceNano: undefined, gap };
    }
    this.replay = { cause, sawResumePoint: false, since: this.resumeFrom };
    return { sinceNano: this.resumeFrom.toString(), gap: null };
  }

  /** Each event of the subscription, in order: a duplicate of what was relayed, or new (maybe after a gap). */
  admit(timeNano: string): Admission {
    const nano = BigInt(timeNano);
    const replay = this.replay;
    if (replay) {
      if (nano <= replay.since) {
        if (nano === replay.since) replay.sawResumePoint = true;
        return { duplicate: true };
      }
      this.replay = null;
      this.advance(nano);
      if (replay.sawResumePoint) return { duplicate: false, gap: null };
      return { duplicate: false, gap: report(replay.cause, "the engine no longer holds the events since the last relayed one (engine restarted, or more than 256 events)", { since: replay.since.toString(), firstTimeNano: timeNano }) };
    }
    this.advance(nano);
    return { duplicate: false, gap: null };
  }

  /** The subscription opened but replayed nothing at all: the engine's ring lost the resume point. */
  replayTimedOut(): GapReport | null {
    const replay = this.replay;
    if (!replay || replay.sawResumePoint) return null;
    this.replay = null;
    return report(replay.cause, "the engine replayed nothing since the last relayed event (engine restarted?)", { since: replay.since.toString() });
  }

  private advance(nano: bigint): void {
    if (this.resumeFrom === null || nano > this.resumeFrom) this.resumeFrom = nano;
  }
}

function report(cause: SubscribeCause, why: string, attributes: Record<string, string>): GapReport {
  return { reason: `${CAUSE_TEXT[cause]}; ${why}`, attributes: { reason: "events-lost", cause, ...attributes } };
}
