/**
 * How many calls one batched /api/trpc request may carry. The server refuses more (400 naming the
 * limit) so that one request cannot make hundreds of calls at once; the browser's batch link sends
 * at most this many per request. Shared by both sides, so it imports nothing.
 */
export const MAX_BATCH_CALLS = 10;
