"use client";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { CONTAINER_PROBLEMS, CONTAINER_STATES, type ContainerProblem, type ContainerState } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import type { FleetFilterValues } from "./url-filters";
import { PROBLEM_LABELS } from "./problem-labels";

export type { FleetFilterValues };

const input = "rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1 text-sm outline-none focus:border-sky-500";
/** Typing is sent once it pauses this long (selects apply at once). */
const TYPING_MS = 200;

/** A text box whose value reaches `onChange` once typing pauses. */
function TextFilter({ label, value, onChange, width = "w-40", testId }: { label: string; value: string | undefined; onChange: (v: string | undefined) => void; width?: string; testId: string }) {
  const [text, setText] = useState(value ?? "");
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = text.trim() || undefined;
      if (next !== latest.current.value) latest.current.onChange(next);
    }, TYPING_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return <input type="search" aria-label={label} placeholder={label} value={text} onChange={(e) => setText(e.target.value)} data-testid={testId} className={`${input} ${width}`} />;
}

/**
 * The host select: one option per host the user can see (a thousand on a large fleet). Memoized on
 * its two props, so a change of another filter skips it entirely: re-rendering it cost a filter
 * ~10 ms of reconciling options before the request could leave.
 */
const HostFilter = memo(function HostFilter({ hostId, onSelect }: { hostId: string | undefined; onSelect: (hostId: string | undefined) => void }) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  return (
    <select aria-label="Host" value={hostId ?? ""} onChange={(e) => onSelect(e.target.value || undefined)} className={input} data-testid="fleet-host-filter">
      <option value="">All hosts</option>
      {hosts.data?.map((h) => (
        <option key={h.id} value={h.id}>
          {h.name}
        </option>
      ))}
    </select>
  );
});

/**
 * The filter controls. They hold what they show themselves: a change re-renders only them at once
 * (the page follows in a transition), so the browser sends the new query before React renders
 * the rest of the page. `hostFilters`: the user may view some host, so the host and host group
 * selects can be filled (else they are left out: asking would only be refused and recorded).
 */
export function FleetFilters({ initial, onChange, hostFilters }: { initial: FleetFilterValues; onChange: (next: FleetFilterValues) => void; hostFilters: boolean }) {
  const trpc = useTRPC();
  const [value, setValue] = useState<FleetFilterValues>(initial);
  const apply = (next: FleetFilterValues) => {
    setValue(next);
    onChange(next);
  };
  const groups = useQuery({ ...trpc.hostGroups.list.queryOptions(), enabled: hostFilters });
  const set = <K extends keyof FleetFilterValues>(key: K) => (v: FleetFilterValues[K]) => apply({ ...value, [key]: v });
  // The host select gets a callback that stays the same across filter changes (it reads the latest
  // filters), so its memo holds and its thousand options are not reconciled on every change.
  const latest = useRef({ value, apply });
  useEffect(() => {
    latest.current = { value, apply };
  });
  const onHost = useCallback((hostId: string | undefined) => latest.current.apply({ ...latest.current.value, hosts: hostId ? [hostId] : undefined }), []);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="fleet-filters">
      <TextFilter label="Search name, image, port, host" value={value.search} onChange={set("search")} width="w-64" testId="fleet-search" />
      {hostFilters && <HostFilter hostId={value.hosts?.[0]} onSelect={onHost} />}
      {hostFilters && groups.data && groups.data.length > 0 && (
        <select aria-label="Host group" value={value.hostGroupId ?? ""} onChange={(e) => set("hostGroupId")(e.target.value || undefined)} className={input}>
          <option value="">All groups</option>
          {groups.data.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      )}
      <TextFilter label="Host label (key=value)" value={value.hostLabel} onChange={set("hostLabel")} testId="fleet-label-filter" />
      <select aria-label="State" value={value.states?.[0] ?? ""} onChange={(e) => set("states")(e.target.value ? [e.target.value as ContainerState] : undefined)} className={input} data-testid="fleet-state-filter">
        <option value="">Any state</option>
        {CONTAINER_STATES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select aria-label="Trouble" value={value.problem ?? ""} onChange={(e) => set("problem")((e.target.value || undefined) as ContainerProblem | undefined)} className={input} data-testid="fleet-problem-filter">
        <option value="">Any health</option>
        {CONTAINER_PROBLEMS.map((p) => (
          <option key={p} value={p}>
            {PROBLEM_LABELS[p]}
          </option>
        ))}
      </select>
      <TextFilter label="Image" value={value.image} onChange={set("image")} testId="fleet-image-filter" />
      <TextFilter label="Name" value={value.name} onChange={set("name")} testId="fleet-name-filter" />
      <TextFilter label="Container label (key or key=value)" value={value.label} onChange={set("label")} width="w-56" testId="fleet-container-label-filter" />
      <TextFilter
        label="Port"
        value={value.port?.toString()}
        onChange={(v) => set("port")(v && /^\d{1,5}$/.test(v) && Number(v) <= 65_535 && Number(v) > 0 ? Number(v) : undefined)}
        width="w-20"
        testId="fleet-port-filter"
      />
      <label className="flex items-center gap-1.5 text-sm text-zinc-300">
        <input type="checkbox" checked={value.updateAvailable ?? false} onChange={(e) => set("updateAvailable")(e.target.checked || undefined)} data-testid="fleet-update-filter" /> Update available
      </label>
    </div>
  );
}
