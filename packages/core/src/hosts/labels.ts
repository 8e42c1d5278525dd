import { z } from "zod";

/**
 * Host labels: key → value, like Docker's own labels but stricter so they stay usable in filters
 * and URLs. Keys: a letter or digit first, then letters, digits and . _ - / (≤ 63); values:
 * printable, no line breaks (≤ 200); at most 32 labels.
 */
export const LabelKey = z
  .string()
  .min(1, "a label key cannot be empty")
  .max(63, "label keys are at most 63 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "label keys start with a letter or digit and may contain letters, digits and . _ - /");
export const LabelValue = z
  .string()
  .max(200, "label values are at most 200 characters")
  .refine((value) => ![...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), "label values cannot contain control characters or line breaks");
// Keys are checked here rather than as the record's key schema, whose error would not say why.
export const HostLabels = z.record(z.string(), LabelValue).superRefine((labels, ctx) => {
  const keys = Object.keys(labels);
  if (keys.length > 32) ctx.addIssue({ code: "custom", message: "a host has at most 32 labels" });
  for (const key of keys) {
    const checked = LabelKey.safeParse(key);
    if (!checked.success) ctx.addIssue({ code: "custom", path: [key], message: `label key "${key.slice(0, 70)}": ${checked.error.issues[0]?.message ?? "invalid"}` });
  }
});
export type HostLabels = z.infer<typeof HostLabels>;

/** Host names: what the inventory shows and filters on (letters, digits, _ . -; ≤ 100). */
export const HostName = z.string().trim().min(1, "a host name cannot be empty").max(100, "host names are at most 100 characters").regex(/^[\w.-]+$/, "host names may contain letters, digits and _ . -");

/** The stored JSON column, read back tolerantly (a hand-edited row never breaks a page). */
export function parseLabels(json: string): HostLabels {
  try {
    const parsed = HostLabels.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Stored with sorted keys, so equal label sets are equal strings. */
export function serializeLabels(labels: HostLabels): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))));
}
