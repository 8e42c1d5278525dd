"use client";
import type { ReactNode } from "react";

/** Label → value pairs in two aligned columns (detail pages' cards). */
export function DefinitionRows({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-zinc-400">{k}</dt>
          <dd className="mono break-all text-xs leading-5">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
