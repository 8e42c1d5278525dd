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
  "container.create.privileged", // anything outside the capability gate's allowlists (authz/sensitive.ts, volume-rules.ts): privileged, host binds/mounts, host-reaching volumes, host namespaces, capabilities, devices, security options
  "container.delete",
  "container.exec",
  "container.logs",
  "container.files.read", // browse a container's files and download them (secrets live in files: not part of viewing)
  "container.files.write", // upload files into a container and edit them in place (changes what it runs: like deploying)
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
  "stack.view", // stacks (compose applications): list, files (the .env masked), revisions, diffs, deploy history
  "stack.deploy", // create and edit stacks, plan and deploy them (each service still passes the capability gate), down without volumes
  "stack.delete", // delete a stack; down that removes its named volumes
  "audit.view",
  "user.manage",
  "team.manage",
  "settings.manage",
  "alert.view", // open and past alerts, rules, channels (never their secrets), delivery logs
  "alert.manage", // rules and channels: create, edit, delete, send a test; resolve an alert by hand
] as const;

export type Permission = (typeof PERMISSIONS)[number];

// Seeing that something broke is part of viewing; changing who is woken at night is an admin's.
const VIEWER: Permission[] = ["host.view", "container.view", "image.view", "network.view", "volume.view", "stack.view", "alert.view"];
// Files: an operator on call reads them like logs (a config, a stack trace on disk); writing one
// changes what a container runs, as a deploy does, so it starts at deployer (who can already
// replace the container outright). A viewer reads neither: files hold keys and passwords.
const OPERATOR: Permission[] = [...VIEWER, "container.operate", "container.logs", "container.files.read"];
const DEPLOYER: Permission[] = [...OPERATOR, "container.files.write", "container.create", "container.delete", "image.pull", "image.build", "image.push", "image.delete", "network.manage", "volume.manage", "stack.deploy", "stack.delete"];

/** Built-in roles: seeded into the Role table (read-only there); custom roles are any subset. */
export const BUILT_IN_ROLES = {
  viewer: { description: "See hosts, containers, images, networks and volumes", permissions: VIEWER },
  operator: { description: "Viewer, plus start / stop / restart containers, read their logs and their files", permissions: OPERATOR },
  deployer: { description: "Operator, plus create, remove, pull and build, deploy stacks, and upload and edit container files", permissions: DEPLOYER },
  admin: { description: "Everything, including users, teams, roles, settings and the audit trail", permissions: [...PERMISSIONS] },
} as const satisfies Record<string, { description: string; permissions: readonly Permission[] }>;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
export const builtInRoleId = (name: BuiltInRole) => `builtin-${name}`;

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Parses a role's stored permission list, dropping anything no longer in the catalogue. */
export function parsePermissions(json: string): Permission[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((p): p is Permission => typeof p === "string" && isPermission(p)) : [];
  } catch {
    return [];
  }
}
