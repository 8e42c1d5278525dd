import type { Permission } from "./catalogue";

export type Scope = { type: "global" } | { type: "group"; id: string; name: string } | { type: "host"; id: string };

/** One grant as it applies to this actor, with where it came from (for "why can I do this?"). */
export interface EffectiveGrant {
  role: string;
  permissions: ReadonlySet<Permission>;
  scope: Scope;
  via: string; // "you" or "team ops"
}

export interface Explanation {
  permission: Permission;
  sources: string[];
}

/**
 * An actor's effective permissions: the union of every grant that reaches a host (global, its
 * group, or the host itself). Pure: built once per request from the database (load-access.ts).
 * `limit` narrows it further (API tokens: the token's role and hosts).
 */
export class Access {
  constructor(
    private readonly grants: readonly EffectiveGrant[],
    private readonly groupOfHost: ReadonlyMap<string, string>,
    private readonly limit?: { permissions: ReadonlySet<Permission>; hostIds: ReadonlySet<string> | null },
  ) {}

  private reaches(scope: Scope, hostId: string | undefined): boolean {
    if (scope.type === "global") return true;
    if (hostId === undefined) return false;
    return scope.type === "host" ? scope.id === hostId : this.groupOfHost.get(hostId) === scope.id;
  }

  private allowedByLimit(permission: Permission, hostId: string | undefined): boolean {
    if (!this.limit) return true;
    if (!this.limit.permissions.has(permission)) return false;
    if (this.limit.hostIds === null) return true;
    return hostId !== undefined && this.limit.hostIds.has(hostId);
  }

  /** Without a host: only a global grant counts. With a host: global, its group, or that host. */
  can(permission: Permission, hostId?: string): boolean {
    if (!this.allowedByLimit(permission, hostId)) return false;
    return this.grants.some((g) => g.permissions.has(permission) && this.reaches(g.scope, hostId));
  }

  /** True if a grant is scoped to a host group: a host placed in that group after loading may be reached. */
  get reachesGroups(): boolean {
    return this.grants.some((g) => g.scope.type === "group");
  }

  /** The same access knowing one more host's group (a host enrolled or brought online since it was loaded). */
  withHostInGroup(hostId: string, groupId: string): Access {
    return new Access(this.grants, new Map(this.groupOfHost).set(hostId, groupId), this.limit);
  }

  /**
   * True if the permission is held on at least one host (or globally): for menus and lists. A
   * token limited to hosts holds it only where one of its hosts is reached: a grant elsewhere
   * (its owner's access moved on since it was minted) counts for nothing.
   */
  canAnywhere(permission: Permission): boolean {
    if (this.limit && !this.limit.permissions.has(permission)) return false;
    if (this.limit?.hostIds) return [...this.limit.hostIds].some((hostId) => this.can(permission, hostId));
    return this.grants.some((g) => g.permissions.has(permission));
  }

  /** Every permission that reaches `hostId` (or held globally, without one) and why. */
  explain(hostId?: string): Explanation[] {
    const byPermission = new Map<Permission, string[]>();
    for (const g of this.grants) {
      if (!this.reaches(g.scope, hostId)) continue;
      const where = g.scope.type === "global" ? "everywhere" : g.scope.type === "group" ? `host group ${g.scope.name}` : "this host";
      for (const p of g.permissions) {
        if (!this.allowedByLimit(p, hostId)) continue;
        byPermission.set(p, [...(byPermission.get(p) ?? []), `role ${g.role} granted to ${g.via} on ${where}`]);
      }
    }
    return [...byPermission].map(([permission, sources]) => ({ permission, sources })).sort((a, b) => a.permission.localeCompare(b.permission));
  }
}
