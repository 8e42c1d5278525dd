"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner, Table } from "../components/ui";
import { useAnywherePermissions, useGlobalPermissions } from "../permissions";
import { UpdateBadge } from "./UpdateBadge";
import { UpdateSettingsForm } from "./UpdateSettingsForm";

const short = (digest?: string) => (digest ? digest.replace(/^sha256:/, "").slice(0, 12) : "—");

/**
 * The fleet's image updates: every container the caller may see with its update status (filter:
 * only those with an update), *Check now* (every distinct tag asked once) and *Update* per container.
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
  const update = useMutation(trpc.updates.container.mutationOptions({ onSuccess: refresh }));
  const error = status.error ?? check.error ?? update.error;
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
      <Table head={["Container", "Host", "Image", "Status", "Local → registry", ""]} empty={status.data?.containers.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No containers{onlyAvailable ? " with an update" : ""}.</p> : null}>
        {(status.data?.containers ?? []).map((c) => (
          <tr key={`${c.hostId} ${c.containerId}`} data-testid="update-row" data-container-name={c.name}>
            <td className="px-3 py-1.5">
              <Link href={`/hosts/${c.hostId}/containers/${c.containerId}`} className="font-medium text-sky-300 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="px-3 py-1.5 text-zinc-300">{hostName.get(c.hostId) ?? c.hostId}</td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-300">{c.image}</td>
            <td className="px-3 py-1.5">
              <UpdateBadge status={c.status} />
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
