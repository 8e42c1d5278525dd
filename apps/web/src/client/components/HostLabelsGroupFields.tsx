"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { SelectField } from "./forms";

/** Labels as key=value lines and a host group: the same two fields wherever a host is defined or edited. */
export function HostLabelsGroupFields(props: { labels: string; onLabels: (text: string) => void; groupId: string; onGroup: (groupId: string) => void; labelsError?: string | null }) {
  const trpc = useTRPC();
  const groups = useQuery(trpc.hostGroups.list.queryOptions());
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <label className="block text-xs text-zinc-400">
        Labels (one key=value per line)
        <textarea
          aria-label="Labels"
          value={props.labels}
          onChange={(e) => props.onLabels(e.target.value)}
          rows={3}
          placeholder={"env=prod\nzone=eu-1"}
          className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-xs outline-none focus:border-sky-500"
        />
        {props.labelsError && <span className="text-rose-300">{props.labelsError}</span>}
      </label>
      <SelectField label="Host group" value={props.groupId} onChange={(e) => props.onGroup(e.target.value)}>
        <option value="">(no group)</option>
        {(groups.data ?? []).map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
