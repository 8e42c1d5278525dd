import { hashToken, type Actor } from "@dockmaster/core";

/**
 * Who is behind a session cookie, remembered for a few seconds. Resolving a session costs about
 * five queries (session, settings, teams, grants, groups); a page makes several calls a second.
 *
 * Safe because every change that can alter an actor — logout, a revoked session, a disabled
 * user, a password reset, new grants, roles, teams, groups, settings — is a tRPC mutation, and
 * every mutation empties the cache (`invalidate`). A lookup that started before an invalidation
 * is not stored. Across several control-plane instances a change made on another instance is
 * seen within `ttlMs` at most.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; at: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(token: string, load: () => Promise<Actor | null>): Promise<Actor | null> {
    const key = hashToken(token);
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.actor;
    const generation = this.generation;
    const actor = await load();
    if (actor && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { actor, at: Date.now() });
    } else if (!actor) this.entries.delete(key);
    return actor;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
