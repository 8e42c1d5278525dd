/**
 * Sends a stream's frames in batches and applies backpressure: at most `window` batches wait for
 * the server's ack at once. While the window is full, new frames join the next batch, and once
 * that batch is full `push` waits — so a fast producer (a container writing logs flat out) is
 * paused at the source instead of filling memory.
 */
export interface FrameSenderOptions {
  window: number;
  maxBatchFrames: number;
  maxBatchBytes: number;
  /**
   * Joins a waiting frame with the next one (e.g. two log chunks of the same stream), or returns
   * null to keep them apart. Fewer, larger frames are what make a flood of short lines cheap.
   */
  merge?: (previous: unknown, next: unknown) => unknown;
}

const DEFAULTS: FrameSenderOptions = { window: 8, maxBatchFrames: 1024, maxBatchBytes: 512 * 1024 };

export class FrameSender {
  private batch: unknown[] = [];
  private batchBytes = 0;
  private inflight = 0;
  private failure: Error | null = null;
  private wakers: Array<() => void> = [];
  private readonly options: FrameSenderOptions;

  /** `emit` resolves true when the server acknowledged the batch, false when it refused or timed out. */
  constructor(
    private readonly emit: (frames: unknown[]) => Promise<boolean>,
    options: Partial<FrameSenderOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Queues a frame; resolves when there is room for more. Throws once the server stopped acking. */
  async push(frame: unknown, bytes = 64): Promise<void> {
    if (this.failure) throw this.failure;
    const last = this.batch.length > 0 ? this.batch[this.batch.length - 1] : undefined;
    const merged = last !== undefined && this.options.merge ? this.options.merge(last, frame) : null;
    if (merged !== null && merged !== undefined) this.batch[this.batch.length - 1] = merged;
    else this.batch.push(frame);
    this.batchBytes += bytes;
    if (this.inflight < this.options.window) return this.flush();
    while (!this.failure && this.inflight >= this.options.window && (this.batch.length >= this.options.maxBatchFrames || this.batchBytes >= this.options.maxBatchBytes)) {
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Resolves when every queued frame has been sent and acknowledged. */
  async drain(): Promise<void> {
    this.flush();
    while (!this.failure && (this.inflight > 0 || this.batch.length > 0)) await new Promise<void>((resolve) => this.wakers.push(resolve));
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.batch.length === 0 || this.inflight >= this.options.window || this.failure) return;
    const frames = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.inflight++;
    this.emit(frames).then(
      (ok) => this.settled(ok ? null : new Error("the control plane did not acknowledge stream frames")),
      (error: unknown) => this.settled(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private settled(failure: Error | null): void {
    this.inflight--;
    if (failure && !this.failure) this.failure = failure;
    this.flush();
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}
