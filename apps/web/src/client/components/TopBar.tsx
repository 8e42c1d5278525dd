"use client";
import { useEffect, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { closeUiSocket } from "../socket";
import { useFleetLiveUpdates } from "../live-updates";
import { Button } from "./ui";
import { IntentLink } from "./IntentLink";
import { ThemeToggle } from "../theme/ThemeToggle";
import { CommandPalette } from "../palette/CommandPalette";

/**
 * The top bar's pages, each shown only to a user who holds what it needs: a permission held on at
 * least one host (a list filtered to those hosts), or held globally (admin pages). Opening a page
 * the user may not use would only record denials. The server checks every call regardless.
 */
const PAGES: Array<{ href: string; label: string; needs: { anywhere: string } | { global: string } | null; testId?: string }> = [
  { href: "/", label: "Overview", needs: { anywhere: "host.view" }, testId: "nav-overview" },
  { href: "/hosts", label: "Hosts", needs: { anywhere: "host.view" } },
  { href: "/fleet/containers", label: "Containers", needs: { anywhere: "container.view" }, testId: "nav-fleet-containers" },
  { href: "/updates", label: "Updates", needs: { anywhere: "image.view" }, testId: "nav-updates" },
  { href: "/stacks", label: "Stacks", needs: { anywhere: "stack.view" }, testId: "nav-stacks" },
  { href: "/events", label: "Events", needs: { anywhere: "host.view" } },
  { href: "/alerts", label: "Alerts", needs: { global: "alert.view" }, testId: "nav-alerts" },
  { href: "/admin/users", label: "Access", needs: { global: "user.manage" } },
  { href: "/registries", label: "Registries", needs: { global: "registry.manage" } },
  { href: "/audit", label: "Audit", needs: { global: "audit.view" } },
  { href: "/account", label: "Account", needs: null },
];

export function TopBar({ username, role, globalPermissions, anywherePermissions }: { username: string; role: string; globalPermissions: string[]; anywherePermissions: string[] }) {
  const trpc = useTRPC();
  const links = PAGES.filter(({ needs }) => !needs || ("global" in needs ? globalPermissions.includes(needs.global) : anywherePermissions.includes(needs.anywhere)));
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  // Below the lg breakpoint the links and the user's controls fold behind a "Menu" button.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);
  const current = (href: string) => (href === "/" ? pathname === "/" || pathname.startsWith("/hosts/") : pathname === href || pathname.startsWith(`${href}/`));
  useFleetLiveUpdates();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: (result) => {
        closeUiSocket();
        // Nothing of the previous session stays in memory; the gate then shows /login.
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.status.queryKey(), { needsSetup: false, user: null });
        // Signed in through a provider: end its session too (it sends the browser back to /login).
        if (result.providerLogoutUrl) window.location.assign(result.providerLogoutUrl);
        else router.replace("/login");
      },
    }),
  );
  return (
    <header className="border-b border-zinc-800 bg-zinc-900/80">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 sm:px-6 lg:flex-nowrap lg:py-3">
        <IntentLink href="/" className="text-lg font-semibold tracking-tight text-white">
          Dockmaster
        </IntentLink>
        <button
          type="button"
          className="touch-target ml-auto rounded bg-zinc-800 px-3 py-1 text-sm text-zinc-100 ring-1 ring-inset ring-zinc-700 lg:hidden"
          aria-expanded={menuOpen}
          aria-controls="top-menu"
          data-testid="top-menu-button"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <div id="top-menu" className={`${menuOpen ? "flex" : "hidden"} w-full flex-col gap-3 pb-2 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:gap-6 lg:pb-0`}>
          <nav aria-label="Main" className="flex flex-col text-sm text-zinc-400 lg:flex-row lg:gap-4">
            {links.map((l) => (
              <IntentLink key={l.href} href={l.href} aria-current={current(l.href) ? "page" : undefined} className="touch-target flex items-center hover:text-white aria-[current=page]:text-white" data-testid={l.testId}>
                {l.label}
              </IntentLink>
            ))}
          </nav>
          <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-400 lg:ml-auto">
            <span>
              <span className="text-zinc-200">{username}</span>
              <span className="ml-1.5 rounded bg-zinc-800 px-1.5 py-0.5 text-[11px] uppercase tracking-wide text-zinc-400">{role}</span>
            </span>
            <CommandPalette pages={links} />
            <ThemeToggle />
            <Button onClick={() => logout.mutate()} disabled={logout.isPending}>
              Log out
            </Button>
          </div>
        </div>
      </div>
    </header>
  );
}
