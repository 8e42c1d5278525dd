import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import { log } from "./logger";

/** Whether this instance reaches the others (Redis); listeners hear every change. */
export interface ClusterLink {
  readonly up: boolean;
  /** Since when the link is down (ms epoch), null while up. */
  readonly downSince: number | null;
  onChange(listener: (up: boolean) => void): void;
}

export interface RedisRetry {
  /** How many reconnections a queued command waits through before it fails (ioredis maxRetriesPerRequest). */
  maxRetriesPerRequest: number;
  /** The longest pause between reconnection attempts. */
  maxDelayMs: number;
}

/** 20 reconnections, 200 ms more each up to 2 s: a command waits ~30 s for Redis, then fails. */
export const DEFAULT_REDIS_RETRY: RedisRetry = { maxRetriesPerRequest: 20, maxDelayMs: 2_000 };

/**
 * Scale-out: the socket.io adapter joining the instances, over Redis.
 *
 * Why `@socket.io/redis-streams-adapter` and not the pub/sub `@socket.io/redis-adapter`:
 *  - broadcasts (engine events to a host's room, host status, socket evictions) are appended to a
 *    Redis stream and each instance reads it from its last offset, so a Redis restart or a short
 *    cut loses nothing: the reader resumes where it stopped. With pub/sub, whatever is published
 *    while an instance is unsubscribed is gone.
 *  - one client (duplicated internally) instead of a pub/sub pair, and the same cluster features:
 *    broadcast with acknowledgements (agent requests across instances) and serverSideEmit.
 *  - requests with acks and serverSideEmit travel as pub/sub (ephemeral by nature: a request whose
 *    reply cannot come should fail fast, and here does, by timeout).
 * The instance count that acks wait for comes from PUBSUB NUMSUB, so a crashed instance stops
 * being waited for as soon as its Redis connection drops.
 *
 * ioredis rather than node-redis: it restores subscriptions after a reconnect by itself (the
 * socket.io docs warn that node-redis may not), queues commands while Redis is down and replays
 * them when it returns. `maxRetriesPerRequest` bounds that queue: an outage longer than ~30 s
 * (DEFAULT_REDIS_RETRY) drops the broadcasts queued meanwhile instead of growing memory without
 * limit. That loss is not silent: the link goes down at the first failed connection (the control
 * plane tells its browsers, which stop saying "live"), and when it comes back they refetch what
 * they show (control-plane.ts, cluster-link events).
 */
export async function connectRedis(url: string, retry: RedisRetry = DEFAULT_REDIS_RETRY): Promise<{ adapter: ReturnType<typeof createAdapter>; link: ClusterLink; close(): Promise<void> }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: retry.maxRetriesPerRequest,
    retryStrategy: (attempt) => Math.min(attempt * 200, retry.maxDelayMs),
  });
  const listeners: Array<(up: boolean) => void> = [];
  let downSince: number | null = null;
  const setUp = (up: boolean) => {
    if (up === (downSince === null)) return;
    downSince = up ? null : Date.now();
    for (const listener of listeners) listener(up);
  };
  redis.on("error", (error: Error) => {
    if (downSince === null) log.warn("redis unreachable: instances cannot reach each other's agents and browsers until it returns", { error: error.message });
    setUp(false);
  });
  redis.on("close", () => setUp(false));
  redis.on("ready", () => {
    if (downSince !== null) log.info("redis reachable again", { downMs: Date.now() - downSince });
    setUp(true);
  });
  // The adapter publishes serverSideEmit and acknowledgement requests with PUBLISH and does not
  // wait for the reply: a PUBLISH that fails once the retries are spent (MaxRetriesPerRequestError)
  // would be an unhandled rejection. The link state above already says why it failed.
  const publish = redis.publish.bind(redis) as (...args: unknown[]) => Promise<number>;
  (redis as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args) => publish(...args).catch(() => 0);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at DOCKMASTER_REDIS_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    adapter: createAdapter(redis, { streamName: "dockmaster:socket.io", maxLen: 10_000, blockTimeInMs: 2_000 }),
    link: {
      get up() {
        return downSince === null;
      },
      get downSince() {
        return downSince;
      },
      onChange: (listener) => void listeners.push(listener),
    },
    close: async () => {
      listeners.length = 0;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
