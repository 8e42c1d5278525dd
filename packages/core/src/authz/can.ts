import { BUILT_IN_ROLES, type Permission } from "./catalogue";

export interface Actor {
  kind: "user";
  id: string;
  username: string;
  role: string;
}

/**
 * Whether `actor` holds `permission`, globally or on `hostId`. Host-scoped grants arrive with the
 * RBAC issue; the signature already carries the host so callers never need to change.
 */
export function can(actor: Actor | null, permission: Permission, _hostId?: string): boolean {
  if (!actor) return false;
  const role = BUILT_IN_ROLES[actor.role as keyof typeof BUILT_IN_ROLES] as ReadonlySet<Permission> | undefined;
  return role?.has(permission) ?? false;
}
