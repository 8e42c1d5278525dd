/*
 * The Hosts page's status filter in its URL (`/hosts?status=offline`): the overview's host figures
 * link there. A plain module (no "use client"): the server page reads it too. Anything else in the
 * URL is no filter (a hand-edited URL still opens the page).
 */
export const HOST_STATUS_FILTERS = ["online", "offline", "degraded", "revoked"] as const;
export type HostStatusFilter = (typeof HOST_STATUS_FILTERS)[number];

export function hostStatusFilterOf(value: string | string[] | undefined): HostStatusFilter | null {
  const v = Array.isArray(value) ? value[0] : value;
  return (HOST_STATUS_FILTERS as readonly string[]).includes(v ?? "") ? (v as HostStatusFilter) : null;
}
