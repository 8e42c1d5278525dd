/**
 * Compose's units. Durations are Go durations ("1m30s", "500ms", "1.5h"); byte sizes are docker's
 * RAMInBytes ("512m", "1g", "64M", "1.5gb", plain numbers are bytes; k/m/g/t/p are powers of 1024).
 */
const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Nanoseconds, or undefined when the text is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1e9 : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "0") return 0;
  if (!/^(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
  return Math.round(total);
}

const BYTE_UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Bytes, or undefined when the text is not a size. */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?\s*$/i.exec(value);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]!);
}

/** CPUs as the engine counts them (NanoCpus), from "0.5", 1.5, "2". */
export function parseCpus(value: unknown): number | undefined {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isNaN(number) || number < 0 ? undefined : Math.round(number * 1e9);
}
