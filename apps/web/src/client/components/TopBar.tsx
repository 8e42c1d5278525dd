"use client";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { closeUiSocket } from "../socket";
import { useFleetLiveUpdates } from "../live-updates";
import { Button } from "./ui";
import { IntentLink } from "./IntentLink";

export function TopBar({ username, role, permissions }: { username: string; role: string; permissions: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  useFleetLiveUpdates();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        closeUiSocket();
        // Nothing of the previous session stays in memory; the gate then shows /login.
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.status.queryKey(), { needsSetup: false, user: null });
        router.replace("/login");
      },
    }),
  );
  return (
    <header className="border-b border-zinc-800 bg-zinc-900/80">
      <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
        <IntentLink href="/" className="text-lg font-semibold tracking-tight text-white">
          Dockmaster
        </IntentLink>
        <nav className="flex gap-4 text-sm text-zinc-400">
          <IntentLink href="/" className="hover:text-white">
            Hosts
          </IntentLink>
          <IntentLink href="/fleet/containers" className="hover:text-white" data-testid="nav-fleet-containers">
            Containers
          </IntentLink>
          <IntentLink href="/events" className="hover:text-white">
            Events
          </IntentLink>
          {/* Links follow the user's permissions; the server checks every call regardless. */}
          {permissions.includes("user.manage") && (
            <IntentLink href="/admin/users" className="hover:text-white">
              Access
            </IntentLink>
          )}
          {permissions.includes("registry.manage") && (
            <IntentLink href="/registries" className="hover:text-white">
              Registries
            </IntentLink>
          )}
          {permissions.includes("audit.view") && (
            <IntentLink href="/audit" className="hover:text-white">
              Audit
            </IntentLink>
          )}
          <IntentLink href="/account" className="hover:text-white">
            Account
          </IntentLink>
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm text-zinc-400">
          <span>
            <span className="text-zinc-200">{username}</span>
            <span className="ml-1.5 rounded bg-zinc-800 px-1.5 py-0.5 text-[11px] uppercase tracking-wide text-zinc-400">{role}</span>
          </span>
          <Button onClick={() => logout.mutate()} disabled={logout.isPending}>
            Log out
          </Button>
        </div>
      </div>
    </header>
  );
}
