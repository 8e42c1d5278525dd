/**
 * Slows down whoever keeps failing the agent handshake (forged or stale secrets, guessed tokens):
 * after `freeFailures` failed handshakes from one address within `windowMs`, each further refusal
 * to that address is answered only after `delayMs`. An attacker waiting for each answer is then
 * held to one attempt per delay per connection — each attempt costs us a lookup and an audit
 * record — while agents from the same address that present valid credentials are never delayed.
 */
export class HandshakeTarpit {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options = { freeFailures: 10, windowMs: 60_000, delayMs: 1_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a failed handshake from `address`; returns how long to wait before answering it. */
  failed(address: string): number {
    const now = this.now();
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < this.options.windowMs);
    recent.push(now);
    this.failures.set(address, recent.slice(-this.options.freeFailures - 1));
    if (this.failures.size > 10_000) this.forgetOld(now);
    return recent.length > this.options.freeFailures ? this.options.delayMs : 0;
  }

  private forgetOld(now: number): void {
    for (const [address, times] of this.failures) if (now - times[times.length - 1]! >= this.options.windowMs) this.failures.delete(address);
  }
}
