/**
 * The fleet page's row selection: containers across hosts, as bulk actions take them. Kept by
 * value (not by row index), so it survives paging, sorting and live refetches.
 */
export interface FleetTarget {
  hostId: string;
  containerId: string;
  name: string;
}

export const targetKey = (t: { hostId: string; containerId: string }) => `${t.hostId}/${t.containerId}`;

export function isSelected(targets: readonly FleetTarget[], t: { hostId: string; containerId: string }): boolean {
  const key = targetKey(t);
  return targets.some((x) => targetKey(x) === key);
}

/** Adds or removes one target. */
export function toggleTarget(targets: readonly FleetTarget[], t: FleetTarget): FleetTarget[] {
  const key = targetKey(t);
  return isSelected(targets, t) ? targets.filter((x) => targetKey(x) !== key) : [...targets, t];
}

/** Selects every target of `page` (or unselects them all when all are selected already). */
export function togglePage(targets: readonly FleetTarget[], page: readonly FleetTarget[]): FleetTarget[] {
  const onPage = new Set(page.map(targetKey));
  const allSelected = page.length > 0 && page.every((t) => isSelected(targets, t));
  if (allSelected) return targets.filter((x) => !onPage.has(targetKey(x)));
  const have = new Set(targets.map(targetKey));
  return [...targets, ...page.filter((t) => !have.has(targetKey(t)))];
}
