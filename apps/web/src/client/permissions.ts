"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

/**
 * What the signed-in user may do on a host, to leave out buttons they cannot use. Only a
 * convenience: the server checks every call regardless.
 */
export function useHostPermissions(hostId: string): ReadonlySet<string> {
  return useLoadedHostPermissions(hostId) ?? new Set();
}

/**
 * The same, but undefined until known (an empty set if me.access fails): a page that asks nothing
 * the user may not have waits for it rather than guessing.
 */
export function useLoadedHostPermissions(hostId: string): ReadonlySet<string> | undefined {
  const trpc = useTRPC();
  const access = useQuery(trpc.me.access.queryOptions({ hostId }));
  if (access.isError) return new Set();
  return access.data && new Set(access.data.map((a) => a.permission));
}

/**
 * What the signed-in user holds globally or on at least one host (auth.status, which the AuthGate
 * has loaded before any page renders). A page asks for a list only if the user may see some of it:
 * a call bound to be refused would only leave a denial in the audit trail.
 */
export function useAnywherePermissions(): ReadonlySet<string> {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  return new Set(status.data?.user?.anywherePermissions ?? []);
}

/** What the signed-in user holds globally (auth.status): admin pages ask only with the permission they need. */
export function useGlobalPermissions(): ReadonlySet<string> {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  return new Set(status.data?.user?.globalPermissions ?? []);
}
