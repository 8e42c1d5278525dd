import { z } from "zod";

export const HostId = z.string().min(1).max(100);

/** Content-Disposition for a file name that may hold any character: an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
