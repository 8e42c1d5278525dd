"use client";
import { useEffect, type ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { TopBar } from "./TopBar";

const OPEN_PAGES = ["/login", "/setup"];

/** Sends visitors to /setup (first run) or /login, and signed-in users away from those pages. */
export function AuthGate({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  const pathname = usePathname();
  const router = useRouter();
  const data = status.data;
  const target = !data ? null : data.needsSetup ? "/setup" : !data.user ? "/login" : OPEN_PAGES.includes(pathname) ? "/" : null;

  useEffect(() => {
    if (target && target !== pathname) router.replace(target);
  }, [target, pathname, router]);

  if (status.isError) return <p className="p-8 text-rose-300">Cannot reach the Dockmaster server: {status.error.message}</p>;
  if (!data || (target && target !== pathname)) return <p className="p-8 text-zinc-500">Loading…</p>;
  if (!data.user) return <main className="mx-auto max-w-sm px-4 py-16">{children}</main>;
  return (
    <>
      <TopBar username={data.user.username} />
      <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
    </>
  );
}
