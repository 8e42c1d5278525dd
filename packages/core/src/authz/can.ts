import type { Access } from "./access";
import type { Permission } from "./catalogue";

export interface Actor {
  kind: "user" | "token";
  id: string; // the user's id (for a token: its owner's)
  username: string;
  tokenId?: string;
  access: Access;
  /** Two-factor is required here and this user has not turned it on: only their account is open to them. */
  mustSetUpTwoFactor?: boolean;
}

/** The one authorization check, used by tRPC procedures and socket handlers alike. */
export function can(actor: Actor | null, permission: Permission, hostId?: string): boolean {
  return actor?.access.can(permission, hostId) ?? false;
}
