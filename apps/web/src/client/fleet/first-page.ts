import type { FleetOrder } from "./FleetContainersTable";

/**
 * What the fleet containers page shows first. The server renders exactly this query with the HTML
 * (app/fleet/containers/page.tsx) and the page starts from it, so the two must be one value: the
 * browser then finds the first page in its cache instead of asking again. A plain module (no "use
 * client"): a server component importing a value from a client module gets a reference, not the value.
 */
export const FLEET_FIRST_PAGE = { sort: "name", direction: "asc", page: 1, pageSize: 50 } as const satisfies FleetOrder & { page: number; pageSize: number };
