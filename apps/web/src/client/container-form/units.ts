/**
 * Human units for cgroup limits, as the docker CLI reads them: memory "256m", "1.5g", "512MiB"
 * (binary multiples, like go-units RAMInBytes) and CPUs "1.5" (→ NanoCpus). Each parser returns
 * `undefined` for an empty field (no limit) and throws an Error whose message says what is wrong.
 */
const MEMORY = /^(\d+(?:\.\d+)?)\s*([kmgtp])?(?:i?b)?$/i;
const POWER: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

export function parseMemory(text: string, { allowUnlimited = false } = {}): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (allowUnlimited && (t === "-1" || t.toLowerCase() === "unlimited")) return -1;
  const m = MEMORY.exec(t);
  if (!m) throw new Error(`"${t}" is not a size: write a number with an optional unit, e.g. 256m, 1.5g, 512MiB${allowUnlimited ? " (or -1 for unlimited)" : ""}`);
  const unit = m[2]?.toLowerCase();
  return Math.floor(Number(m[1]) * 1024 ** (unit ? (POWER[unit] ?? 0) : 0));
}

export function formatMemory(bytes: number): string {
  if (bytes === -1) return "-1";
  for (const [unit, power] of [["g", 3], ["m", 2], ["k", 1]] as const) {
    const n = bytes / 1024 ** power;
    if (n >= 1 && Number.isInteger(n * 1000) && Number.isInteger(n * 1024)) return `${Number(n.toFixed(3))}${unit}`;
  }
  return String(bytes);
}

/** CPUs as a decimal ("1.5" = one and a half CPUs); the engine wants billionths (NanoCpus). */
export function parseCpus(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (!/^\d+(\.\d{1,9})?$/.test(t)) throw new Error(`"${t}" is not a number of CPUs: write e.g. 0.5, 1 or 1.5`);
  const [whole = "0", fraction = ""] = t.split(".");
  return Number(whole) * 1e9 + Number(fraction.padEnd(9, "0"));
}

export function formatCpus(nanoCpus: number): string {
  return String(nanoCpus / 1e9);
}

/** A whole number field (CPU shares, PIDs limit, retries); ranges are the spec's to check. */
export function parseInteger(text: string, { allowUnlimited = false } = {}): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (allowUnlimited && t.toLowerCase() === "unlimited") return -1;
  if (!/^-?\d+$/.test(t)) throw new Error(`"${t}" is not a whole number`);
  return Number(t);
}
