"use client";
import type { ReactNode } from "react";
import type { KeyValueRow } from "../container-form/env";
import type { PortRow, VolumeRow } from "../container-form/form-model";
import { Button } from "./ui";

/** Row editors of the create form: key/value pairs, published ports, volumes and mounts. */

export const inputClass = "rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm outline-none focus:border-sky-500";

export function FieldError({ message, id }: { message?: string; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-xs text-rose-300" data-testid="field-error">
      {message}
    </p>
  );
}

/** What every row editor takes: its rows, a change handler, a maker of new rows, and each row's error. */
interface RowsProps<T> {
  rows: T[];
  onChange: (rows: T[]) => void;
  make: () => T;
  errorOf: (index: number) => string | undefined;
}

/** A list of rows with add / remove; `render` draws one row's inputs. */
function Rows<T>({ rows, onChange, make, render, addLabel, errorOf, testId }: RowsProps<T> & {
  render: (row: T, update: (patch: Partial<T>) => void, index: number) => ReactNode;
  addLabel: string;
  testId: string;
}) {
  const update = (i: number) => (patch: Partial<T>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-1.5" data-testid={testId}>
      {rows.map((row, i) => (
        <div key={i}>
          <div className="flex flex-wrap items-center gap-1.5">
            {render(row, update(i), i)}
            <Button type="button" aria-label={`Remove row ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              ×
            </Button>
          </div>
          <FieldError message={errorOf(i)} />
        </div>
      ))}
      <Button type="button" onClick={() => onChange([...rows, make()])}>
        {addLabel}
      </Button>
    </div>
  );
}

export function KeyValueRows({ what, ...props }: Omit<RowsProps<KeyValueRow>, "make"> & { what: "env" | "label" }) {
  return (
    <Rows
      {...props}
      make={() => ({ key: "", value: "" })}
      testId={`${what}-rows`}
      addLabel={what === "env" ? "Add variable" : "Add label"}
      render={(row, update, i) => (
        <>
          <input aria-label={`${what} ${i + 1} name`} placeholder={what === "env" ? "NAME" : "key"} value={row.key} onChange={(e) => update({ key: e.target.value })} className={`${inputClass} mono w-56`} />
          <span className="text-zinc-500">=</span>
          <input aria-label={`${what} ${i + 1} value`} placeholder="value" value={row.value} onChange={(e) => update({ value: e.target.value })} className={`${inputClass} mono min-w-64 flex-1`} />
        </>
      )}
    />
  );
}

export function PortRows(props: RowsProps<PortRow>) {
  return (
    <Rows
      {...props}
      testId="port-rows"
      addLabel="Publish a port"
      render={(row, update, i) => (
        <>
          <input aria-label={`port ${i + 1} host IP`} placeholder="host IP" value={row.hostIp} onChange={(e) => update({ hostIp: e.target.value })} className={`${inputClass} mono w-32`} />
          <span className="text-zinc-500">:</span>
          <input aria-label={`port ${i + 1} host port`} placeholder="random" value={row.hostPort} onChange={(e) => update({ hostPort: e.target.value })} className={`${inputClass} mono w-24`} />
          <span className="text-zinc-500">→</span>
          <input aria-label={`port ${i + 1} container port`} placeholder="container port" value={row.containerPort} onChange={(e) => update({ containerPort: e.target.value })} className={`${inputClass} mono w-32`} />
          <select aria-label={`port ${i + 1} protocol`} value={row.protocol} onChange={(e) => update({ protocol: e.target.value as PortRow["protocol"] })} className={inputClass}>
            <option value="tcp">tcp</option>
            <option value="udp">udp</option>
          </select>
        </>
      )}
    />
  );
}

export function VolumeRows(props: RowsProps<VolumeRow>) {
  return (
    <Rows
      {...props}
      testId="volume-rows"
      addLabel="Add a volume or mount"
      render={(row, update, i) => (
        <>
          <select aria-label={`mount ${i + 1} type`} value={row.type} onChange={(e) => update({ type: e.target.value as VolumeRow["type"] })} className={inputClass}>
            <option value="volume">volume</option>
            <option value="bind">bind (host path)</option>
            <option value="tmpfs">tmpfs (memory)</option>
          </select>
          {row.type !== "tmpfs" && (
            <input aria-label={`mount ${i + 1} source`} placeholder={row.type === "bind" ? "/path/on/host" : "volume name (empty: anonymous)"} value={row.source} onChange={(e) => update({ source: e.target.value })} className={`${inputClass} mono w-56`} />
          )}
          <span className="text-zinc-500">→</span>
          <input aria-label={`mount ${i + 1} target`} placeholder="/path/in/container" value={row.target} onChange={(e) => update({ target: e.target.value })} className={`${inputClass} mono w-56`} />
          <label className="flex items-center gap-1 text-xs text-zinc-400">
            <input type="checkbox" checked={row.readOnly} onChange={(e) => update({ readOnly: e.target.checked })} /> read-only
          </label>
        </>
      )}
    />
  );
}
