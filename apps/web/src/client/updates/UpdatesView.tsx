"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Badge, Button, ErrorBanner, Table } from "../components/ui";
import { useAnywherePermissions, useGlobalPermissions } from "../permissions";
import { UpdateBadge } from "./UpdateBadge";
import { UpdateSettingsForm } from "./UpdateSettingsForm";
import { StackPolicies } from "./StackPolicies";
import { PolicyCell } from "./PolicyCell";

const short = (digest?: string) => (digest ? digest.replace(/^sha256:/, "").slice(0, 12) : "—");

/**
 * The fleet's image updates: every container the caller may see with its update status (filter:
 * only those with an update), its policy, *Check now* (every distinct tag asked once), *Update* per
 * container, and *Update selected*: one batch across hosts, followed live on /bulk/[batchId].
 */
export function UpdatesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [onlyAvailable, setOnlyAvailable] = useState(false);
  const status = useQuery(trpc.updates.status.queryOptions({ onlyAvailable }));
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const hostName = new Map((hosts.data ?? []).map((h: { id: string; name: string }) => [h.id, h.name]));
  const refresh = () => queryClient.invalidateQueries(trpc.updates.status.pathFilter());
  const global = useGlobalPermissions();
  const anywhere = useAnywherePermissions();
  const check = useMutation(trpc.updates.checkNow.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.updates.container.mutationOptions({ onSettled: refresh }));
  const router = useRouter();
  const [selected, setSelected] = useState<Map<string, { hostId: string; containerId: string; name: string }>>(new Map());
  const bulk = useMutation(trpc.updates.bulk.mutationOptions({ onSuccess: (batch) => router.push(`/bulk/${batch.batchId}`) }));
  const toggle = (c: { hostId: string; containerId: string; name: string }) =>
    setSelected((current) => {
      const next = new Map(current);
      const key = `${c.hostId} ${c.containerId}`;
      if (next.has(key)) next.delete(key);
      else next.set(key, { hostId: c.hostId, containerId: c.containerId, name: c.name });
      return next;
    });
  const error = status.error ?? check.error ?? update.error ?? bulk.error;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-white">Image updates</h1>
          <p className="mt-1 max-w-3xl text-xs text-zinc-500">
            Each distinct registry, repository and tag in the fleet is asked once (HEAD on its manifest); a container has an update when the tag now points at a digest its image was not pulled as. Digest-pinned, locally built and
            unregistered images are not checkable (hover for why).
          </p>
        </div>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-sm text-zinc-300">
            <input type="checkbox" data-testid="updates-only-available" checked={onlyAvailable} onChange={(e) => setOnlyAvailable(e.target.checked)} /> Only with an update
          </label>
          {global.has("image.pull") && (
            <Button variant="primary" data-testid="updates-check-now" disabled={check.isPending} onClick={() => check.mutate({})}>
              {check.isPending ? "Checking…" : "Check now"}
            </Button>
          )}
        </div>
      </div>
      {global.has("settings.manage") && <UpdateSettingsForm />}
      {global.has("settings.manage") && <StackPolicies />}
      {anywhere.has("container.create") && (
        <div className="flex items-center gap-3">
          <Button variant="primary" data-testid="updates-update-selected" disabled={selected.size === 0 || bulk.isPending} onClick={() => bulk.mutate({ targets: [...selected.values()] })}>
            {bulk.isPending ? "Starting…" : `Update selected (${selected.size})`}
          </Button>
          <span className="text-xs text-zinc-500">One batch across hosts: each container pulled, recreated (a stack service redeployed) and watched for health; progress live.</span>
        </div>
      )}
      {check.data && (
        <p className="text-xs text-zinc-400" data-testid="updates-check-result">
          Checked {check.data.tags} tags ({check.data.asked} asked): {check.data.updates} containers with an update{check.data.failed.length ? `, ${check.data.failed.length} tags could not be checked` : ""}.
        </p>
      )}
      {error && <ErrorBanner message={error.message} />}
      {update.data && (
        <p className="text-xs text-emerald-300" data-testid="updates-update-result">
          {update.data.updated ? `Recreated from ${update.data.image} (${short(update.data.newDigests[0])})` : `${update.data.image} had no newer image: nothing recreated`}
          {update.data.warning ? ` — ${update.data.warning}` : ""}
        </p>
      )}
      <Table head={["Select", "Container", "Host", "Image", "Status", "Policy", "Local → registry", ""]} empty={status.data?.containers.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No containers{onlyAvailable ? " with an update" : ""}.</p> : null}>
        {(status.data?.containers ?? []).map((c) => (
          <tr key={`${c.hostId} ${c.containerId}`} data-testid="update-row" data-container-name={c.name}>
            <td className="px-3 py-1.5">
              {c.status.state === "available" && anywhere.has("container.create") && (
                <input type="checkbox" aria-label={`Select ${c.name} on ${hostName.get(c.hostId) ?? c.hostId}`} data-testid="update-select" checked={selected.has(`${c.hostId} ${c.containerId}`)} onChange={() => toggle(c)} />
              )}
            </td>
            <td className="px-3 py-1.5">
              <Link href={`/hosts/${c.hostId}/containers/${c.containerId}`} className="font-medium text-sky-300 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="px-3 py-1.5 text-zinc-300">{hostName.get(c.hostId) ?? c.hostId}</td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-300">{c.image}</td>
            <td className="px-3 py-1.5">
              <UpdateBadge status={c.status} />
              {c.rolledBack && (
                <span className="ml-2" title="this digest was applied and rolled back: the policy does not apply it again by itself">
                  <Badge tone="red" testId="update-rolled-back">rolled back</Badge>
                </span>
              )}
            </td>
            <td className="px-3 py-1.5">
              <PolicyCell policy={c.policy} stack={c.stack} />
            </td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-500">
              {c.status.localDigests ? `${short(c.status.localDigests[0])} → ${short(c.status.remoteDigest)}` : ""}
            </td>
            <td className="px-3 py-1.5 text-right">
              {c.status.state === "available" && anywhere.has("container.create") && (
                <Button data-testid="update-container" disabled={update.isPending} onClick={() => update.mutate({ hostId: c.hostId, id: c.containerId })}>
                  {update.isPending && update.variables?.id === c.containerId ? "Updating…" : "Update"}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
