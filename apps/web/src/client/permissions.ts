"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

/**
 * What the signed-in user may do on a host, to leave out buttons they cannot use. Only a
 * convenience: the server checks every call regardless.
 */
export function useHostPermissions(hostId: string): ReadonlySet<string> {
  const trpc = useTRPC();
  const access = useQuery(trpc.me.access.queryOptions({ hostId }));
  return new Set((access.data ?? []).map((a) => a.permission));
}
