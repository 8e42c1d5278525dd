"use client";
import { permissionName } from "../permission-names";

/** Checkboxes over the permission catalogue, used to build and edit custom roles. */
export function PermissionPicker({ catalogue, picked, onChange }: { catalogue: readonly string[]; picked: ReadonlySet<string>; onChange: (next: Set<string>) => void }) {
  const toggle = (p: string) => {
    const next = new Set(picked);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    onChange(next);
  };
  return (
    <fieldset className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
      <legend className="mb-1 text-xs text-zinc-400">Permissions</legend>
      {catalogue.map((p) => (
        <label key={p} className="flex items-center gap-2">
          <input type="checkbox" checked={picked.has(p)} onChange={() => toggle(p)} />
          <span className="text-xs" title={p}>
            {permissionName(p)}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
