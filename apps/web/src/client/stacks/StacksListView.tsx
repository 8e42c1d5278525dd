"use client";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useFleetRoom } from "../fleet-live";
import { useAnywherePermissions, useHostPermissions } from "../permissions";
import { NoAccessNotice } from "../components/NoAccessNotice";
import { QueryError } from "../components/ui";
import { ExternalStacks } from "./ExternalStacks";
import { StacksTable } from "./StacksTable";

/**
 * The stacks of the fleet (every host the user may see), or of one host: each with where it runs,
 * its status there (from the fleet snapshot, so an offline host shows its last-known state) and
 * the revision deployed there; then the external compose projects. Follows the snapshot live.
 */
export function StacksListView({ hostId }: { hostId?: string }) {
  const anywhere = useAnywherePermissions();
  if (!hostId && !anywhere.has("stack.view")) return <NoAccessNotice testId="stacks-not-allowed" detail="Stacks are shown for the hosts where you hold stack.view." />;
  return <StacksList hostId={hostId} />;
}

function StacksList({ hostId }: { hostId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const anywhere = useAnywherePermissions();
  const onHost = useHostPermissions(hostId ?? "");
  const list = useQuery(trpc.stacks.list.queryOptions(hostId ? { hostId } : {}));
  const groups = useQuery({ ...trpc.hostGroups.list.queryOptions(), enabled: !hostId });
  useFleetRoom(() => void queryClient.invalidateQueries(trpc.stacks.list.pathFilter()));
  const mayCreate = hostId ? onHost.has("stack.deploy") : anywhere.has("stack.deploy");
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? id;
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        {!hostId && <h1 className="text-xl font-semibold text-white">Stacks</h1>}
        <p className="text-xs text-zinc-500">Compose applications: deployed through the agent and checked by your permissions, seen by docker compose as its own projects.</p>
        {mayCreate && (
          <Link href={hostId ? `/stacks/new?host=${hostId}` : "/stacks/new"} className="touch-target ml-auto inline-flex items-center rounded bg-sky-700 px-2.5 py-1 text-xs font-medium text-on-accent hover:bg-sky-600">
            New stack
          </Link>
        )}
      </div>
      <QueryError error={list.error} />
      {list.isPending ? <p className="text-sm text-zinc-500">Listing stacks…</p> : <StacksTable rows={list.data?.stacks ?? []} groupName={groupName} empty={hostId ? "No stack on this host yet." : "No stack yet."} />}
      <ExternalStacks rows={list.data?.external ?? []} mayLogs={() => (hostId ? onHost.has("container.logs") : anywhere.has("container.logs"))} mayAdopt={() => mayCreate} mayAct={() => ({ operate: (hostId ? onHost : anywhere).has("container.operate"), delete: (hostId ? onHost : anywhere).has("stack.delete") })} />
    </div>
  );
}
