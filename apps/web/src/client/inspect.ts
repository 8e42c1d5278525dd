/** Safe reads from the engine's inspect document (its shape varies by engine version). */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
export function text(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map(String).join(" ");
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
/** Timestamps the engine reports as 0001-01-01 mean "never". */
export function when(value: unknown): string {
  return typeof value === "string" && !value.startsWith("0001-") ? new Date(value).toLocaleString() : "—";
}
export function limit(value: unknown, unit: (n: number) => string): string {
  return typeof value === "number" && value > 0 ? unit(value) : "unlimited";
}
