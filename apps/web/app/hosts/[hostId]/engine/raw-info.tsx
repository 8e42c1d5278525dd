"use client";

/** Every field of `docker info`, flattened to readable rows (nested objects as dotted keys). */
function rows(value: unknown, prefix = ""): Array<[string, string]> {
  if (value === null || value === undefined) return [[prefix, "—"]];
  if (Array.isArray(value)) {
    if (value.every((v): v is string | number | boolean | null => typeof v !== "object" || v === null)) return [[prefix, value.length ? value.map((v: string | number | boolean | null) => String(v)).join(", ") : "none"]];
    return value.flatMap((v, i) => rows(v, `${prefix}[${i}]`));
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [[prefix, "none"]];
    return entries.flatMap(([k, v]) => rows(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
}

export function RawInfo({ raw }: { raw: Record<string, unknown> }) {
  const all = rows(raw);
  return (
    <details open data-testid="engine-info-all" className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-zinc-400">All of docker info ({all.length} fields)</summary>
      <dl className="mt-3 grid grid-cols-[minmax(12rem,auto)_1fr] gap-x-4 gap-y-0.5 text-xs">
        {all.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="mono text-zinc-500">{k}</dt>
            <dd className="mono break-all text-zinc-300">{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
