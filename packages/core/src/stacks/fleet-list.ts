import type { Db } from "@dockmaster/db";
import { lastSuccessfulDeploys, deployKey } from "./deploys";
import { stackView, type StackView } from "./stacks";
import { stackStatus, type HostStackState, type ProjectContainer } from "./status";

/**
 * The stacks page, fleet-wide or for one host, read from the database only (the fleet snapshot's
 * containers and the deploy history): an offline host shows its last-known state, and no agent is
 * asked. Each stack lists every host it targets that the caller may see, with its status there and
 * the revision deployed there; compose projects on those hosts that no stack owns are listed as
 * external (started by `docker compose` outside Dockmaster).
 */
export interface StackHostRow extends HostStackState {
  hostId: string;
  hostName: string;
  hostStatus: string;
  deployedRevision: number | null;
  upToDate: boolean;
}

export interface StackListRow {
  stack: StackView;
  latestRevision: number | null;
  hosts: StackHostRow[];
}

export interface ExternalProjectRow extends HostStackState {
  name: string;
  hostId: string;
  hostName: string;
}

export async function listStacksWithStatus(db: Db, visible: (hostId: string) => boolean, filter: { hostId?: string } = {}): Promise<{ stacks: StackListRow[]; external: ExternalProjectRow[] }> {
  const hostRows = await db.host.findMany({ where: { revokedAt: null, ...(filter.hostId ? { id: filter.hostId } : {}) }, select: { id: true, name: true, status: true, groupId: true }, orderBy: { name: "asc" } });
  const hosts = hostRows.filter((h) => visible(h.id));
  const hostIds = hosts.map((h) => h.id);
  const groupIds = [...new Set(hosts.map((h) => h.groupId).filter((g): g is string => g !== null))];
  const [stackRows, containerRows] = await Promise.all([
    db.stack.findMany({ where: { OR: [{ hostId: { in: hostIds } }, { hostGroupId: { in: groupIds } }] }, orderBy: { name: "asc" } }),
    // Only containers of a compose project: by the indexed column the snapshot writes fill from the label.
    db.snapshotContainer.findMany({ where: { hostId: { in: hostIds }, composeProject: { not: null } }, select: { hostId: true, name: true, state: true, labels: true, composeProject: true } }),
  ]);
  const stackIds = stackRows.map((s) => s.id);
  const [deployed, latest] = await Promise.all([
    lastSuccessfulDeploys(db, stackIds),
    db.stackRevision.groupBy({ by: ["stackId"], where: { stackId: { in: stackIds } }, _max: { number: true } }),
  ]);
  const latestOf = new Map(latest.map((l) => [l.stackId, l._max.number]));

  // host → project → containers
  const projects = new Map<string, Map<string, ProjectContainer[]>>();
  for (const row of containerRows) {
    const project = row.composeProject;
    if (!project) continue;
    const labels = parseLabels(row.labels);
    const perHost = projects.get(row.hostId) ?? new Map<string, ProjectContainer[]>();
    perHost.set(project, [...(perHost.get(project) ?? []), { name: row.name, state: row.state, labels }]);
    projects.set(row.hostId, perHost);
  }

  const owned = new Set<string>();
  const stacks = stackRows.map((row): StackListRow => {
    const targets = hosts.filter((h) => (row.hostId ? h.id === row.hostId : h.groupId === row.hostGroupId));
    const latestRevision = latestOf.get(row.id) ?? null;
    return {
      stack: stackView(row),
      latestRevision,
      hosts: targets.map((h) => {
        owned.add(`${h.id}/${row.name}`);
        const last = deployed.get(deployKey(row.id, h.id)) ?? null;
        const state = stackStatus(last?.services ?? null, projects.get(h.id)?.get(row.name) ?? []);
        return { hostId: h.id, hostName: h.name, hostStatus: h.status, ...state, deployedRevision: last?.revisionNumber ?? null, upToDate: last !== null && last.revisionNumber === latestRevision };
      }),
    };
  });

  const external: ExternalProjectRow[] = [];
  for (const h of hosts) {
    for (const [name, containers] of projects.get(h.id) ?? []) {
      if (owned.has(`${h.id}/${name}`)) continue;
      external.push({ name, hostId: h.id, hostName: h.name, ...stackStatus(null, containers) });
    }
  }
  external.sort((a, b) => a.name.localeCompare(b.name) || a.hostName.localeCompare(b.hostName));
  return { stacks, external };
}

function parseLabels(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}
