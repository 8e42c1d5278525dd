/**
 * Log lines that may repeat thousands of times a second (refused agent messages, refused
 * handshakes): each key is logged at its first occurrence, then at most once per `everyMs`, the line
 * carrying `count` — how many occurrences it stands for — and the latest occurrence's fields.
 */
export class LogThrottle {
  private readonly keys = new Map<string, { loggedAt: number; unlogged: number; last: Record<string, unknown> }>();

  constructor(
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one occurrence of `key`; returns how many occurrences to log now, or null (not yet). */
  note(key: string, fields: Record<string, unknown> = {}): number | null {
    const now = this.now();
    const entry = this.keys.get(key);
    if (entry && now - entry.loggedAt < this.everyMs) {
      entry.unlogged += 1;
      entry.last = fields;
      return null;
    }
    this.keys.set(key, { loggedAt: now, unlogged: 0, last: fields });
    return (entry?.unlogged ?? 0) + 1;
  }

  /** The occurrences counted but not logged yet, per key with the latest fields; forgets them all. */
  drain(): Array<{ key: string; count: number; last: Record<string, unknown> }> {
    const pending = [...this.keys].filter(([, e]) => e.unlogged > 0).map(([key, e]) => ({ key, count: e.unlogged, last: e.last }));
    this.keys.clear();
    return pending;
  }

  /** Forgets one key (its unlogged count too). */
  forget(key: string): void {
    this.keys.delete(key);
  }
}
