import { CONTAINER_PROBLEMS, CONTAINER_STATES, type ContainerProblem, type ContainerState } from "@dockmaster/protocol";

/**
 * The fleet view's filters in its URL (`/fleet/containers?label=com.example.team%3Dpayments&state=running`),
 * so a filtered view can be linked, reloaded and rendered on the server as it was. A plain module
 * (no "use client"): the server page reads the same function. Values that cannot be a filter are
 * dropped here rather than refused by the API: a hand-edited URL still opens the page.
 */

/** The filters a fleet containers page sends to the server (all optional). */
export interface FleetFilterValues {
  search?: string;
  hosts?: string[];
  hostLabel?: string;
  hostGroupId?: string;
  states?: ContainerState[];
  /** Containers in trouble (`?problem=exited-nonzero`, restarting, unhealthy). */
  problem?: ContainerProblem;
  image?: string;
  name?: string;
  port?: number;
  /** A container label: "key" or "key=value". */
  label?: string;
  /** Only containers with an image update available. */
  updateAvailable?: boolean;
}

/** Text filters: the URL parameter of each. */
const TEXT = { search: "q", hostLabel: "hostLabel", hostGroupId: "group", image: "image", name: "name", label: "label" } as const;

type Search = Record<string, string | string[] | undefined>;
const first = (search: Search, key: string) => {
  const v = search[key];
  const text = (Array.isArray(v) ? v[0] : v)?.trim();
  return text ? text.slice(0, 200) : undefined;
};

export function filtersFromSearch(search: Search): FleetFilterValues {
  const values: FleetFilterValues = {};
  for (const [field, param] of Object.entries(TEXT) as Array<[keyof typeof TEXT, string]>) {
    const v = first(search, param);
    if (v) values[field] = v;
  }
  // A label filter's key cannot be empty or hold a double quote (the API refuses those).
  if (values.label && (!values.label.split("=")[0]!.trim() || values.label.split("=")[0]!.includes('"'))) delete values.label;
  const host = first(search, "host");
  if (host) values.hosts = [host.slice(0, 100)];
  const state = first(search, "state");
  if (state && (CONTAINER_STATES as readonly string[]).includes(state)) values.states = [state as ContainerState];
  const problem = first(search, "problem");
  if (problem && (CONTAINER_PROBLEMS as readonly string[]).includes(problem)) values.problem = problem as ContainerProblem;
  const port = Number(first(search, "port"));
  if (Number.isInteger(port) && port >= 1 && port <= 65_535) values.port = port;
  if (first(search, "updates") === "available") values.updateAvailable = true;
  return values;
}

/** The query string ("" or "?…") for `values`. */
export function searchOfFilters(values: FleetFilterValues): string {
  const params = new URLSearchParams();
  for (const [field, param] of Object.entries(TEXT) as Array<[keyof typeof TEXT, string]>) {
    const v = values[field];
    if (v) params.set(param, v);
  }
  if (values.hosts?.[0]) params.set("host", values.hosts[0]);
  if (values.states?.[0]) params.set("state", values.states[0]);
  if (values.problem) params.set("problem", values.problem);
  if (values.port) params.set("port", String(values.port));
  if (values.updateAvailable) params.set("updates", "available");
  const text = params.toString();
  return text ? `?${text}` : "";
}
