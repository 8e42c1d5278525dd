import { z } from "zod";
import { PERMISSIONS } from "@dockmaster/core";

/** Input shapes shared by the identity routers. */
export const Id = z.string().min(1).max(100);
export const Name = z.string().trim().min(1, "name is required").max(64).regex(/^[\w.@ -]+$/, "name may contain letters, digits, spaces and . _ @ -");
export const Username = z.string().trim().min(1, "username is required").max(64).regex(/^[a-zA-Z0-9._@-]+$/, "username may contain letters, digits and . _ @ -");
export const Password = z.string().min(1, "password is required").max(1024);
export const PermissionList = z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length);
