/**
 * The one permission catalogue. Every tRPC procedure and every socket event names one of these
 * (or is explicitly public); the authz test walks the router and fails on any that does not.
 */
export const PERMISSIONS = [
  "host.view",
  "host.manage",
  "container.view",
  "container.operate",
  "container.create",
  "container.delete",
  "container.exec",
  "container.logs",
  "image.view",
  "image.pull",
  "image.build",
  "image.push",
  "image.delete",
  "network.view",
  "network.manage",
  "volume.view",
  "volume.manage",
  "registry.manage",
  "audit.view",
  "user.manage",
  "team.manage",
  "settings.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Built-in roles as sets of permissions. Only admin exists until teams and custom roles land. */
export const BUILT_IN_ROLES = {
  admin: new Set<Permission>(PERMISSIONS),
} as const satisfies Record<string, ReadonlySet<Permission>>;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
