/**
 * Waits between attempts that keep failing (an engine that is unreachable): the first retry after
 * `firstMs`, each next one twice as long, up to `maxMs`; a success starts over. It also says when
 * a failure is worth a log line — the first of a series, and the one that reaches the longest
 * wait — so an engine that is down for an hour costs two lines, not one a second.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
}

export class RetryBackoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** One more failed attempt: how long to wait before the next, and whether to log this one. */
  failed(): { delayMs: number; attempt: number; log: boolean } {
    this.failures += 1;
    const delayMs = Math.min(this.options.firstMs * 2 ** (this.failures - 1), this.options.maxMs);
    const previous = this.failures === 1 ? 0 : Math.min(this.options.firstMs * 2 ** (this.failures - 2), this.options.maxMs);
    return { delayMs, attempt: this.failures, log: this.failures === 1 || (delayMs === this.options.maxMs && previous < this.options.maxMs) };
  }

  /** An attempt worked: returns how many had failed before it (0: there was no series). */
  succeeded(): number {
    const failed = this.failures;
    this.failures = 0;
    return failed;
  }

  get failing(): boolean {
    return this.failures > 0;
  }
}
