import { AppError, finishDeploy, readHostEnv, readRevision, startDeploy, type Actor, type AgentHub, type DeployedServices, type SecretBox, type StackView } from "@dockmaster/core";
import type { ComposeProject, Diagnostic, Plan } from "@dockmaster/compose";
import type { Db } from "@dockmaster/db";
import type { ApplyProgress, StackEngine } from "./engine";
import { gateProject } from "./gate";
import { observeHost } from "./observe";
import { preflight } from "./preflight";

/**
 * A deploy of one revision on one host, in two halves:
 *  - prepare: load the files with the .env and the host's overrides, look at the host, refuse
 *    clashes, pass the capability gate, make the plan — nothing is sent to the engine yet, and a
 *    refusal reaches the caller as an error naming the service and field;
 *  - apply: the agent carries the plan out, progress is reported, the StackDeploy records what it
 *    did (and, on success, what the revision runs: the status compares against it).
 */
export interface StackDeps {
  db: Db;
  hub: AgentHub;
  secrets: SecretBox;
  actor: Actor | null;
  engine: StackEngine;
}

export interface Prepared {
  stack: StackView;
  hostId: string;
  revision: { id: string; number: number; contentHash: string };
  project: ComposeProject;
  plan: Plan;
  warnings: Diagnostic[];
}

/** "compose.yaml:3:5 services.web.image: must be a string" */
export function describeDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(":");
  return `${where}${d.path ? ` ${d.path}` : ""}: ${d.message}`;
}

/** KEY=VALUE lines (quotes around a value removed): a host's overrides as variables. */
export function envVariables(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2]!.trim();
    vars[m[1]!] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return vars;
}

/** The project a revision makes on a host (its .env, plus that host's overrides). BAD_REQUEST listing the errors. */
export async function loadOnHost(deps: Pick<StackDeps, "db" | "secrets" | "engine">, stack: StackView, hostId: string, revisionNumber?: number) {
  const revision = await readRevision(deps.db, deps.secrets, stack.id, revisionNumber);
  const overrides = await readHostEnv(deps.db, deps.secrets, stack.id, hostId);
  const loaded = deps.engine.load({
    projectName: stack.name,
    composeFiles: revision.content.composeFiles,
    otherFiles: revision.content.otherFiles,
    dotEnv: revision.content.env || undefined,
    environment: envVariables(overrides),
  });
  if (!loaded.ok) {
    const shown = loaded.errors.slice(0, 5).map(describeDiagnostic).join("; ");
    throw new AppError("BAD_REQUEST", `revision ${revision.number} of stack ${stack.name} cannot be deployed: ${shown}${loaded.errors.length > 5 ? ` (and ${loaded.errors.length - 5} more)` : ""}`);
  }
  return { revision: { id: revision.id, number: revision.number, contentHash: revision.contentHash }, project: loaded.project, warnings: loaded.warnings };
}

export async function prepareDeploy(deps: StackDeps, stack: StackView, hostId: string, revisionNumber?: number, options: { pull?: boolean } = {}): Promise<Prepared> {
  const { revision, project, warnings } = await loadOnHost(deps, stack, hostId, revisionNumber);
  const host = await observeHost(deps.hub, hostId, project);
  preflight(project, host);
  await gateProject(deps, hostId, project, options);
  return { stack, hostId, revision, project, plan: deps.engine.plan(project, host.observed), warnings };
}

/** What the revision runs, for the status: each service's replicas and config hash. */
export function deployedServices(project: ComposeProject): DeployedServices {
  return Object.fromEntries(project.services.map((s) => [s.name, { replicas: s.replicas, configHash: s.configHash }]));
}

export function planCounts(plan: Plan) {
  const count = (kind: string) => plan.steps.filter((s) => s.kind === kind).length;
  return { create: count("service.create"), recreate: count("service.recreate"), remove: count("container.remove"), unchanged: count("service.unchanged"), start: count("service.start"), networks: count("network.create"), volumes: count("volume.create") };
}

/** Applies a prepared plan, recording the StackDeploy; rejects with the engine's words (and what was done) on failure. */
export async function applyPrepared(deps: Pick<StackDeps, "db" | "engine">, prepared: Prepared, options: { pull: boolean; operationId: string; signal: AbortSignal; onProgress: (line: string) => void }) {
  const deployId = await startDeploy(deps.db, { stackId: prepared.stack.id, hostId: prepared.hostId, action: "deploy", revision: prepared.revision, operationId: options.operationId });
  const onProgress = (p: ApplyProgress) => options.onProgress(p.service ? `${p.service}: ${p.message}` : p.message);
  try {
    const summary = await deps.engine.apply(prepared.hostId, { project: prepared.project, plan: prepared.plan, pull: options.pull }, onProgress, options.signal);
    await finishDeploy(deps.db, deployId, "succeeded", { ...summary, plan: planCounts(prepared.plan), services: deployedServices(prepared.project), contentHash: prepared.revision.contentHash });
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishDeploy(deps.db, deployId, options.signal.aborted ? "cancelled" : "failed", { error: message, plan: planCounts(prepared.plan) });
    throw error;
  }
}
