"use client";
import { useEffect, type ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { TopBar } from "./TopBar";
import { RouteFocus, SkipLink } from "./RouteFocus";

const OPEN_PAGES = ["/login", "/setup"];

function isUnauthorized(error: unknown): boolean {
  const data = (error as { data?: { code?: unknown } | null } | null)?.data;
  return data?.code === "UNAUTHORIZED";
}

/**
 * Sends visitors to /setup (first run) or /login, and signed-in users away from those pages.
 * Any query or mutation answered UNAUTHORIZED (session expired or revoked) re-checks auth.status,
 * which then redirects to /login.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.auth.status.queryOptions());
  const pathname = usePathname();
  const router = useRouter();
  const data = status.data;
  const target = !data
    ? null
    : data.needsSetup
      ? "/setup"
      : !data.user
        ? pathname === "/invite" ? null : "/login"
        : OPEN_PAGES.includes(pathname) || pathname === "/invite"
          ? "/"
          : data.user.mustSetUpTwoFactor && pathname !== "/account"
            ? "/account"
            : null;

  useEffect(() => {
    if (target && target !== pathname) router.replace(target);
  }, [target, pathname, router]);

  useEffect(() => {
    const statusKey = trpc.auth.status.queryKey();
    const recheck = (error: unknown) => {
      // A wrong password on /login is UNAUTHORIZED too, but there the status is already "no user".
      if (isUnauthorized(error) && queryClient.getQueryData(statusKey)?.user) void queryClient.invalidateQueries({ queryKey: statusKey });
    };
    const offQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") recheck(event.action.error);
    });
    const offMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") recheck(event.action.error);
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [trpc, queryClient]);

  if (status.isError) {
    return (
      <div className="mx-auto max-w-lg px-4 py-16 text-sm">
        <p className="text-rose-300">Cannot reach the Dockmaster server: {status.error.message}</p>
        <button type="button" onClick={() => void status.refetch()} className="mt-3 rounded bg-zinc-800 px-3 py-1 text-zinc-100 hover:bg-zinc-700">
          Try again
        </button>
      </div>
    );
  }
  if (!data || (target && target !== pathname)) return <p role="status" className="p-8 text-sm text-zinc-500">Loading…</p>;
  if (!data.user) return <main id="main" className="mx-auto max-w-sm px-4 py-16">{children}</main>;
  return (
    <>
      <SkipLink />
      <RouteFocus />
      <TopBar username={data.user.username} role={data.user.role} globalPermissions={data.user.globalPermissions} anywherePermissions={data.user.anywherePermissions} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-5 outline-none sm:px-6">{children}</main>
    </>
  );
}
