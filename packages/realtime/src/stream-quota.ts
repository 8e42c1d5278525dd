/** Stream limits of the /ui side (per instance): see StreamQuota. */
export const STREAM_LIMITS = {
  /** One browser tab. */
  perSocket: 32,
  /** One user, all tabs and hosts together. */
  perUser: 96,
  /**
   * One user on one host: a quarter of the agent's 256 stream slots (apps/agent stream-runner), so
   * one user can never hold an agent's slots alone — the admin's logs and terminal still open.
   */
  perUserPerHost: 64,
  /** Open /ui sockets of one user. */
  socketsPerUser: 16,
} as const;

/**
 * Counts the streams each user holds, from the moment an open is accepted (before the agent has
 * answered) until it ends — so a burst of concurrent opens cannot slip past the limits while the
 * first ones are still in flight. Shared by every /ui socket of this instance.
 */
export class StreamQuota {
  private readonly perUser = new Map<string, number>();
  private readonly perUserHost = new Map<string, number>();

  constructor(private readonly limits: { perUser: number; perUserPerHost: number } = STREAM_LIMITS) {}

  /** Reserves one stream slot; returns its release (call once), or the reason it is refused. */
  reserve(userId: string, hostId: string): { release: () => void } | { refused: string } {
    const hostKey = `${userId}\u0000${hostId}`;
    const user = this.perUser.get(userId) ?? 0;
    const onHost = this.perUserHost.get(hostKey) ?? 0;
    if (user >= this.limits.perUser) return { refused: `at most ${this.limits.perUser} streams per user at once: close some first` };
    if (onHost >= this.limits.perUserPerHost) return { refused: `at most ${this.limits.perUserPerHost} streams per user on one host at once (the host's share for one user): close some first` };
    this.perUser.set(userId, user + 1);
    this.perUserHost.set(hostKey, onHost + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perUser, userId);
        decrement(this.perUserHost, hostKey);
      },
    };
  }

  held(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
