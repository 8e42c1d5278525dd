import { z } from "zod";
import {
  addRevision, AppError, builtinTemplates, can, createStack, deleteStack, diffContent, fetchStackFiles, finishDeploy, getStack, lastSuccessfulDeploys, deployKey, listDeploys,
  listRevisions, listStacksWithStatus, newWebhookSecret, projectNameFromTitle, readRevision, revisionForEditor, setHostEnv, stackOnHost, startDeploy, templateEnv,
  fetchTemplateCatalogue, getSettings, type StackGitSource, type StackTarget,
} from "@dockmaster/core";
import { anywhereProcedure, HostId, hostProcedure } from "../procedures";
import { t } from "../trpc";
import { permissionDenied } from "../middleware";
import { requireOnAllTargets } from "../stacks/access";
import { describeDiagnostic, planCounts, prepareDeploy } from "../stacks/deploy";
import { ComposeFiles, EnvText, GitSourceInput, LifecycleAction, Message, OtherFiles, ProjectName, RevisionNumber, stackAuditParams, StackId, StackName } from "../stacks/inputs";
import { launchDeploys, stackEngineOf } from "../stacks/launch";
import { stackRunsOf } from "../stacks/running";
import { unmaskEnv } from "../stacks/env-edit";
import { runExternalLifecycle } from "../stacks/external";

/**
 * Stacks (compose applications). A stack runs on one host or on every host of a group; every
 * procedure about one stack names a host it runs on (`hostId`: its own, or a member of its group),
 * and the permission is checked there. Changing a fleet stack's definition needs the permission
 * on every host of the group (stacks/access.ts). Deploys run in the background as a batch of
 * Operations (one per host), followed live in the /ui batch room (`bulk:subscribe`).
 */
const Content = { composeFiles: ComposeFiles, otherFiles: OtherFiles, env: EnvText.optional(), message: Message };
const author = (actor: { id: string; username: string }) => ({ id: actor.id, name: actor.username });

function gitSource(input: z.output<typeof GitSourceInput>): StackGitSource {
  return { url: input.url, branch: input.branch, path: input.path, files: input.files, username: input.username, password: input.password, pollIntervalSeconds: input.pollIntervalSeconds, autoDeploy: input.autoDeploy };
}

export const stacksRouter = t.router({
  /** Stacks where the caller may see them (or on one host), with status per host and the revision deployed there; external compose projects too. From the database only. */
  list: anywhereProcedure("stack.view", z.strictObject({ hostId: HostId.optional() }).default({})).query(({ ctx, input }) =>
    listStacksWithStatus(ctx.db, (hostId) => can(ctx.actor, "stack.view", hostId), { hostId: input.hostId }),
  ),

  /** One stack with a revision's files (the latest unless `revision`), the .env masked. */
  get: hostProcedure("stack.view", { stackId: StackId, revision: RevisionNumber.optional() }).query(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    const [revision, deployed] = await Promise.all([revisionForEditor(ctx.db, ctx.secrets, stack.id, input.revision), lastSuccessfulDeploys(ctx.db, [stack.id])]);
    return { stack, revision, deployedRevision: deployed.get(deployKey(stack.id, input.hostId))?.revisionNumber ?? null };
  }),

  revisions: hostProcedure("stack.view", { stackId: StackId }).query(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    return listRevisions(ctx.db, stack.id);
  }),

  /** The deploy history on this host (deploy, start, stop, restart, down), newest first. */
  deploys: hostProcedure("stack.view", { stackId: StackId }).query(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    return listDeploys(ctx.db, stack.id, { hostId: input.hostId });
  }),

  /** A unified diff per changed file between two revisions; `from: "deployed"` = what was last deployed on this host. The .env is masked. */
  diff: hostProcedure("stack.view", { stackId: StackId, from: z.union([RevisionNumber, z.literal("deployed")]), to: RevisionNumber.optional() }).query(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    let from = input.from;
    if (from === "deployed") {
      const deployed = (await lastSuccessfulDeploys(ctx.db, [stack.id])).get(deployKey(stack.id, input.hostId))?.revisionNumber;
      if (!deployed) throw new AppError("NOT_FOUND", `stack ${stack.name} has not been deployed on this host yet`);
      from = deployed;
    }
    const [a, b] = await Promise.all([readRevision(ctx.db, ctx.secrets, stack.id, from), readRevision(ctx.db, ctx.secrets, stack.id, input.to)]);
    return { from: a.number, to: b.number, files: diffContent(a.content, b.content, { from: `revision ${a.number}`, to: `revision ${b.number}` }) };
  }),

  /**
   * Files → diagnostics (YAML, schema, interpolation), for the editor: the loader only, no engine.
   * A mutation although it changes nothing: its input (files up to 1 MiB) must travel in a POST body,
   * not a URL. Declared readOnly: audited as a query (denials only), not once per pause in typing.
   */
  validate: anywhereProcedure("stack.deploy", { name: StackName, ...Content })
    .meta({ auditParams: stackAuditParams, readOnly: true })
    .mutation(({ ctx, input }) => {
      const loaded = stackEngineOf(ctx).load({ projectName: input.name, composeFiles: input.composeFiles, otherFiles: input.otherFiles, dotEnv: input.env });
      const services = loaded.ok ? loaded.project.services.map((s) => ({ name: s.name, image: s.image, replicas: s.replicas })) : [];
      return { ok: loaded.ok, errors: loaded.ok ? [] : loaded.errors, warnings: loaded.warnings, services, messages: [...(loaded.ok ? [] : loaded.errors), ...loaded.warnings].map(describeDiagnostic) };
    }),

  /** What a deploy would do on this host, before anything happens: the plan, or the refusal (gate, clash) that would stop it. */
  plan: hostProcedure("stack.deploy", { stackId: StackId, revision: RevisionNumber.optional() }).query(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    const prepared = await prepareDeploy({ db: ctx.db, hub: ctx.hub, secrets: ctx.secrets, actor: ctx.actor, engine: stackEngineOf(ctx) }, stack, input.hostId, input.revision);
    return { revision: prepared.revision.number, plan: prepared.plan, counts: planCounts(prepared.plan), warnings: prepared.warnings.map(describeDiagnostic) };
  }),

  /** A new stack on this host, with its first revision. */
  create: hostProcedure("stack.deploy", { name: StackName, ...Content }, { engine: false })
    .meta({ auditParams: stackAuditParams })
    .mutation(async ({ ctx, input }) => {
      const content = { composeFiles: input.composeFiles, otherFiles: input.otherFiles, env: input.env ?? "" };
      const created = await createStack(ctx.db, ctx.secrets, { name: input.name, target: { hostId: input.hostId }, content, message: input.message || "created" }, author(ctx.actor));
      ctx.auditNote.target = { type: "stack", id: created.stack.id, name: created.stack.name };
      ctx.auditNote.params = { revision: created.revision.number, contentHash: created.revision.contentHash };
      return created;
    }),

  /** A new fleet stack on every host of a group: needs stack.deploy on each of them. */
  createForGroup: anywhereProcedure("stack.deploy", { hostGroupId: z.string().min(1).max(100), name: StackName, ...Content })
    .meta({ auditParams: stackAuditParams })
    .mutation(async ({ ctx, input }) => {
      const hosts = await ctx.db.host.findMany({ where: { groupId: input.hostGroupId }, select: { id: true } });
      const refused = hosts.find((h) => !can(ctx.actor, "stack.deploy", h.id));
      if (refused) throw permissionDenied("stack.deploy", refused.id);
      const target: StackTarget = { hostGroupId: input.hostGroupId };
      const created = await createStack(ctx.db, ctx.secrets, { name: input.name, target, content: { composeFiles: input.composeFiles, otherFiles: input.otherFiles, env: input.env ?? "" }, message: input.message || "created" }, author(ctx.actor));
      ctx.auditNote.target = { type: "stack", id: created.stack.id, name: created.stack.name };
      ctx.auditNote.params = { revision: created.revision.number, contentHash: created.revision.contentHash };
      return created;
    }),

  /**
   * A git-backed stack on this host: its files are fetched now from the branch (the first revision
   * records the commit); `webhook` makes a secret, returned once.
   */
  createFromGit: hostProcedure("stack.deploy", { name: StackName, git: GitSourceInput, env: EnvText.optional() }, { engine: true, ownOperations: true }).mutation(async ({ ctx, input }) => {
    const fetched = await fetchStackFiles({ url: input.git.url, branch: input.git.branch, path: input.git.path, files: input.git.files, username: input.git.username, password: input.git.password });
    const content = { composeFiles: fetched.composeFiles, otherFiles: fetched.otherFiles, env: input.env ?? "" };
    const created = await createStack(ctx.db, ctx.secrets, { name: input.name, target: { hostId: input.hostId }, content, message: `git ${fetched.commit.slice(0, 12)}`, git: gitSource(input.git), gitCommit: fetched.commit }, author(ctx.actor));
    const webhookSecret = input.git.webhook ? newWebhookSecret() : null;
    if (webhookSecret) await ctx.db.stack.update({ where: { id: created.stack.id }, data: { webhookSecretSealed: ctx.secrets.seal(webhookSecret) } });
    ctx.auditNote.target = { type: "stack", id: created.stack.id, name: created.stack.name };
    ctx.auditNote.params = { revision: created.revision.number, contentHash: created.revision.contentHash, gitCommit: fetched.commit };
    return { ...created, webhookSecret, webhookPath: `/api/stacks/${created.stack.id}/webhook` };
  }),

  /** A new revision. `env` omitted keeps the .env; a value left "[redacted]" keeps that variable's value. Unchanged content adds none (created: false). */
  update: hostProcedure("stack.deploy", { stackId: StackId, ...Content }, { engine: false })
    .meta({ auditParams: stackAuditParams })
    .mutation(async ({ ctx, input }) => {
      const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
      ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
      await requireOnAllTargets(ctx.db, ctx.actor, stack, "stack.deploy");
      const previous = (await readRevision(ctx.db, ctx.secrets, stack.id)).content.env;
      const env = input.env === undefined ? previous : unmaskEnv(input.env, previous);
      const result = await addRevision(ctx.db, ctx.secrets, stack.id, { composeFiles: input.composeFiles, otherFiles: input.otherFiles, env }, input.message, author(ctx.actor));
      ctx.auditNote.params = { revision: result.revision.number, contentHash: result.revision.contentHash, created: result.created };
      return result;
    }),

  /** This host's .env overrides of a fleet stack (sealed; "" removes them): they win over the stack's .env here. */
  setHostEnv: hostProcedure("stack.deploy", { stackId: StackId, env: EnvText }, { engine: false }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    await setHostEnv(ctx.db, ctx.secrets, stack.id, input.hostId, input.env);
    return { ok: true };
  }),

  /**
   * Deploys a revision (the latest unless given) on this host. Everything is checked before it
   * answers — files, name clashes, the capability gate for every service, volume and network —
   * then the apply runs in the background: follow `batchId` in the /ui batch room, cancel by `operationId`.
   */
  deploy: hostProcedure("stack.deploy", { stackId: StackId, revision: RevisionNumber.optional(), pull: z.boolean().default(false) }, { ownOperations: true }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    const prepared = await prepareDeploy({ db: ctx.db, hub: ctx.hub, secrets: ctx.secrets, actor: ctx.actor, engine: stackEngineOf(ctx) }, stack, input.hostId, input.revision, { pull: input.pull });
    ctx.auditNote.params = { revision: prepared.revision.number, contentHash: prepared.revision.contentHash };
    const { batchId, operationIds } = await launchDeploys(ctx, stack, [{ hostId: input.hostId, prepared }], { revision: input.revision, pull: input.pull });
    ctx.auditNote.operationId = operationIds[0];
    return { batchId, operationId: operationIds[0]!, revision: prepared.revision.number, counts: planCounts(prepared.plan), noop: prepared.plan.noop };
  }),

  /** Deploys a fleet stack on every host of its group: one Operation per host in one batch; a host refused, offline or failing fails alone. */
  deployFleet: anywhereProcedure("stack.deploy", { stackId: StackId, revision: RevisionNumber.optional(), pull: z.boolean().default(false) }, { engine: true }).mutation(async ({ ctx, input }) => {
    const stack = await getStack(ctx.db, input.stackId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    const hosts = await ctx.db.host.findMany({ where: stack.hostId ? { id: stack.hostId } : { groupId: stack.hostGroupId, revokedAt: null }, select: { id: true }, orderBy: { name: "asc" } });
    // Not a word about a stack on hosts the caller cannot see.
    if (!hosts.some((h) => can(ctx.actor, "stack.view", h.id))) throw new AppError("NOT_FOUND", `stack ${input.stackId} not found`);
    if (hosts.length === 0) throw new AppError("PRECONDITION_FAILED", `the group of stack ${stack.name} has no hosts`);
    const { batchId, operationIds } = await launchDeploys(ctx, stack, hosts.map((h) => ({ hostId: h.id })), { revision: input.revision, pull: input.pull });
    return { batchId, operationIds, total: hosts.length };
  }),

  /** Cancels a running deploy on this host (the apply stops between steps and reports what it did). */
  cancel: hostProcedure("stack.deploy", { stackId: StackId, operationId: z.string().min(1).max(100) }, { engine: false }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    const run = await ctx.db.stackDeploy.findFirst({ where: { stackId: stack.id, hostId: input.hostId, operationId: input.operationId }, select: { status: true } });
    if (!run) throw new AppError("NOT_FOUND", `no deploy ${input.operationId} of stack ${stack.name} on this host`);
    if (run.status !== "running") throw new AppError("CONFLICT", `that deploy has already ${run.status}`);
    if (!(await stackRunsOf(ctx).cancel(input.operationId))) throw new AppError("CONFLICT", "that deploy is not running on any control-plane instance (its instance may have stopped)");
    return { cancelled: true };
  }),

  /** start / stop / restart the stack's containers: what container.operate allows one container at a time, for all of them. */
  lifecycle: hostProcedure("container.operate", { stackId: StackId, action: LifecycleAction }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    return runLifecycle(ctx, stack, input.hostId, input.action, false);
  }),

  /** start / stop / restart an external compose project (started outside Dockmaster) on this host: as for a stack, container.operate. */
  externalLifecycle: hostProcedure("container.operate", { project: ProjectName, action: LifecycleAction }).mutation(async ({ ctx, input }) => {
    ctx.auditNote.target = { type: "compose-project", id: `${input.hostId}/${input.project}`, name: input.project };
    return runExternalLifecycle(ctx, input.hostId, input.project, input.action, false);
  }),

  /** Removes an external project's containers and networks (its named volumes only with `removeVolumes: true`): as for a stack, stack.delete. */
  externalDown: hostProcedure("stack.delete", { project: ProjectName, removeVolumes: z.boolean().default(false) }).mutation(async ({ ctx, input }) => {
    ctx.auditNote.target = { type: "compose-project", id: `${input.hostId}/${input.project}`, name: input.project };
    return runExternalLifecycle(ctx, input.hostId, input.project, "down", input.removeVolumes);
  }),

  /** Removes the stack's containers and networks; its named volumes only with `removeVolumes: true`. The stack and its history stay. */
  down: hostProcedure("stack.delete", { stackId: StackId, removeVolumes: z.boolean().default(false) }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    return runLifecycle(ctx, stack, input.hostId, "down", input.removeVolumes);
  }),

  /** A new revision with an old one's content (the .env included), deployed on this host when `deploy`. */
  rollback: hostProcedure("stack.deploy", { stackId: StackId, revision: RevisionNumber, deploy: z.boolean().default(true) }, { ownOperations: true }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    await requireOnAllTargets(ctx.db, ctx.actor, stack, "stack.deploy");
    const old = await readRevision(ctx.db, ctx.secrets, stack.id, input.revision);
    const { revision } = await addRevision(ctx.db, ctx.secrets, stack.id, old.content, `rollback to revision ${old.number}`, author(ctx.actor), old.gitCommit ?? undefined);
    ctx.auditNote.params = { revision: revision.number, contentHash: revision.contentHash, rolledBackTo: old.number };
    if (!input.deploy) return { revision: revision.number, batchId: null, operationId: null };
    const prepared = await prepareDeploy({ db: ctx.db, hub: ctx.hub, secrets: ctx.secrets, actor: ctx.actor, engine: stackEngineOf(ctx) }, stack, input.hostId, revision.number);
    const { batchId, operationIds } = await launchDeploys(ctx, stack, [{ hostId: input.hostId, prepared }], { revision: revision.number, pull: false });
    return { revision: revision.number, batchId, operationId: operationIds[0]! };
  }),

  /** Fetches a git-backed stack's branch now: a revision only when the files changed (then deployed if autoDeploy). */
  syncGit: hostProcedure("stack.deploy", { stackId: StackId }, { ownOperations: true }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    await requireOnAllTargets(ctx.db, ctx.actor, stack, "stack.deploy");
    const git = ctx.stacks?.git;
    if (!git) throw new AppError("PRECONDITION_FAILED", "git-backed stacks are not available on this server");
    const result = await git.sync(stack.id, "manual");
    ctx.auditNote.params = { revision: result.revision, gitCommit: result.commit, changed: result.changed };
    return result;
  }),

  /** A new webhook secret (returned once; the old one stops working). */
  rotateWebhookSecret: hostProcedure("stack.deploy", { stackId: StackId }, { engine: false }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    await requireOnAllTargets(ctx.db, ctx.actor, stack, "stack.deploy");
    if (!stack.gitUrl) throw new AppError("PRECONDITION_FAILED", `stack ${stack.name} is not backed by a git repository: a webhook has nothing to fetch`);
    const webhookSecret = newWebhookSecret();
    await ctx.db.stack.update({ where: { id: stack.id }, data: { webhookSecretSealed: ctx.secrets.seal(webhookSecret), lastWebhookId: null } });
    return { webhookSecret, webhookPath: `/api/stacks/${stack.id}/webhook` };
  }),

  /** Deletes the stack and its history (down first to remove its containers: this leaves the host as it is). */
  delete: hostProcedure("stack.delete", { stackId: StackId }, { engine: false }).mutation(async ({ ctx, input }) => {
    const stack = await stackOnHost(ctx.db, input.stackId, input.hostId);
    ctx.auditNote.target = { type: "stack", id: stack.id, name: stack.name };
    await requireOnAllTargets(ctx.db, ctx.actor, stack, "stack.delete");
    return deleteStack(ctx.db, stack.id);
  }),

  /** The built-in templates, and the admin's catalogue when one is set (Portainer app-template format); a catalogue that fails is reported, the built-ins stay. */
  templates: anywhereProcedure("stack.view").query(async ({ ctx }) => {
    const { stackTemplatesUrl } = await getSettings(ctx.db);
    if (!stackTemplatesUrl) return { templates: builtinTemplates(), catalogueError: null };
    try {
      return { templates: [...builtinTemplates(), ...(await fetchTemplateCatalogue(stackTemplatesUrl))], catalogueError: null };
    } catch (error) {
      return { templates: builtinTemplates(), catalogueError: error instanceof AppError ? error.message : "the template catalogue could not be read" };
    }
  }),

  /**
   * A new stack's fields from a template: name, compose file, and a .env with the template's
   * variables and defaults; a catalogue template kept in a repository gives the git source to use.
   */
  fromTemplate: anywhereProcedure("stack.deploy", { templateId: z.string().min(1).max(100) }).query(async ({ ctx, input }) => {
    const { stackTemplatesUrl } = await getSettings(ctx.db);
    const all = [...builtinTemplates(), ...(stackTemplatesUrl && input.templateId.startsWith("catalogue:") ? await fetchTemplateCatalogue(stackTemplatesUrl) : [])];
    const template = all.find((t) => t.id === input.templateId);
    if (!template) throw new AppError("NOT_FOUND", `no template ${input.templateId}`);
    const base = { name: projectNameFromTitle(template.title), env: templateEnv(template) };
    if (template.compose) return { ...base, composeFiles: [{ path: "compose.yaml", content: template.compose }], git: null };
    const stackfile = template.repository!.stackfile;
    const slash = stackfile.lastIndexOf("/");
    return { ...base, composeFiles: [], git: { url: template.repository!.url, path: slash < 0 ? "" : stackfile.slice(0, slash), files: [stackfile.slice(slash + 1)] } };
  }),
});

type LifecycleCtx = Parameters<typeof stackEngineOf>[0] & { db: import("@dockmaster/db").Db; auditNote: { operationId?: string } };

/** start / stop / restart / down through the agent, recorded in the deploy history next to the call's Operation. */
async function runLifecycle(ctx: LifecycleCtx, stack: { id: string; name: string }, hostId: string, action: "start" | "stop" | "restart" | "down", removeVolumes: boolean) {
  const engine = stackEngineOf(ctx);
  const run = stackRunsOf(ctx).claim(stack.id, hostId, stack.name);
  const deployId = await startDeploy(ctx.db, { stackId: stack.id, hostId, action, operationId: ctx.auditNote.operationId });
  try {
    await engine.lifecycle(hostId, stack.name, action, { removeVolumes });
    await finishDeploy(ctx.db, deployId, "succeeded", { removeVolumes });
    return { ok: true };
  } catch (error) {
    await finishDeploy(ctx.db, deployId, "failed", { error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    run.release();
  }
}
