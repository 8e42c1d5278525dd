import type { DependsOn } from "../model";

/**
 * Services in dependency order (each after what it depends on), keeping the written order where
 * dependencies allow. Returns the cycle (["a", "b", "a"]) instead when there is one.
 */
export function dependencyOrder<T extends { name: string; dependsOn: DependsOn[] }>(services: T[]): { ordered: T[] } | { cycle: string[] } {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, "visiting" | "done">();
  const ordered: T[] = [];
  const visit = (service: T, trail: string[]): string[] | undefined => {
    if (state.get(service.name) === "done") return undefined;
    if (state.get(service.name) === "visiting") return [...trail.slice(trail.indexOf(service.name)), service.name];
    state.set(service.name, "visiting");
    for (const dependency of service.dependsOn) {
      const next = byName.get(dependency.service);
      const cycle = next && visit(next, [...trail, service.name]);
      if (cycle) return cycle;
    }
    state.set(service.name, "done");
    ordered.push(service);
    return undefined;
  };
  for (const service of services) {
    const cycle = visit(service, []);
    if (cycle) return { cycle };
  }
  return { ordered };
}
