/** Small display helpers shared by the tables. */

export function relativeTime(date: Date | number | null | undefined, now: number = Date.now()): string {
  if (date === null || date === undefined) return "never";
  const ms = typeof date === "number" ? date : date.getTime();
  const seconds = Math.round((now - ms) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60 ? [abs, "second"] : abs < 3600 ? [Math.round(abs / 60), "minute"] : abs < 86400 ? [Math.round(abs / 3600), "hour"] : [Math.round(abs / 86400), "day"];
  if (abs < 5) return "just now";
  return seconds >= 0 ? `${value} ${unit}${value === 1 ? "" : "s"} ago` : `in ${value} ${unit}${value === 1 ? "" : "s"}`;
}

export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

export function formatPorts(ports: Array<{ ip?: string; privatePort: number; publicPort?: number; type: string }>): string {
  const seen = new Set<string>();
  return ports
    .map((p) => (p.publicPort ? `${p.ip ?? "0.0.0.0"}:${p.publicPort}→${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`))
    .filter((text) => !seen.has(text) && seen.add(text))
    .join(", ");
}
