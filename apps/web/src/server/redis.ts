import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import { log } from "./logger";

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
 * drops cross-instance messages instead of growing memory without limit.
 */
export async function connectRedis(url: string): Promise<{ adapter: ReturnType<typeof createAdapter>; close(): Promise<void> }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 20, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
  let down = false;
  redis.on("error", (error: Error) => {
    if (!down) log.warn("redis unreachable: instances cannot reach each other's agents and browsers until it returns", { error: error.message });
    down = true;
  });
  redis.on("ready", () => {
    if (down) log.info("redis reachable again");
    down = false;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at DOCKMASTER_REDIS_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    adapter: createAdapter(redis, { streamName: "dockmaster:socket.io", maxLen: 10_000, blockTimeInMs: 2_000 }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
