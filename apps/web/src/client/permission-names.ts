import type { Permission } from "@dockmaster/core";

/**
 * What each permission of the catalogue (packages/core/src/authz/catalogue.ts) lets a person do,
 * in words: the UI shows these, with the id only as a secondary hint. `satisfies` makes a
 * permission added to the catalogue without a name here fail the typecheck.
 */
export const PERMISSION_NAMES = {
  "host.view": "View hosts",
  "host.manage": "Manage hosts",
  "container.view": "View containers",
  "container.operate": "Start, stop and restart containers",
  "container.create": "Create containers",
  "container.create.privileged": "Create privileged containers (host access)",
  "container.delete": "Remove containers",
  "container.exec": "Open a terminal in containers",
  "container.logs": "Read container logs",
  "container.files.read": "Browse and download container files",
  "container.files.write": "Upload and edit container files",
  "image.view": "View images",
  "image.pull": "Pull images",
  "image.build": "Build images",
  "image.push": "Push images",
  "image.delete": "Remove images",
  "network.view": "View networks",
  "network.manage": "Manage networks",
  "volume.view": "View volumes",
  "volume.manage": "Manage volumes",
  "registry.manage": "Manage registries",
  "stack.view": "View stacks",
  "stack.deploy": "Deploy stacks",
  "stack.delete": "Delete stacks",
  "audit.view": "Read the audit trail",
  "user.manage": "Manage users",
  "team.manage": "Manage teams",
  "settings.manage": "Change settings",
  "alert.view": "View alerts",
  "alert.manage": "Manage alert rules and channels",
} satisfies Record<Permission, string>;

/** The readable name of a permission id; an id this build does not know is shown as it is. */
export function permissionName(id: string): string {
  return (PERMISSION_NAMES as Record<string, string>)[id] ?? id;
}
