/**
 * The upgrader (downloads, checksums, processes), loaded on the first upgrade: an agent at rest
 * keeps none of it in memory. (Here and not in main.ts: tsx cannot transform a dynamic import in a
 * file that starts with a hashbang.)
 */
export const loadUpgrader = () => import("./agent-upgrade");
