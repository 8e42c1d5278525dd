import type { Db } from "@dockmaster/db";
import { AppError } from "../../errors";
import type { SecretBox } from "../../secret-box";
import { addRevision, getStack, readRevision, type StackView } from "../stacks";
import { fetchStackFiles, remoteCommit, type GitSource } from "./fetch";

export type SyncTrigger = "webhook" | "poll" | "manual";

export interface GitSyncDeps {
  db: Db;
  secrets: SecretBox;
  /** Called after a fetch added a revision to a stack with autoDeploy (deploys it on every target host). */
  redeploy(stack: StackView, revisionNumber: number, trigger: SyncTrigger): Promise<void>;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
  fetchFiles?: typeof fetchStackFiles;
  headOf?: typeof remoteCommit;
}

export interface SyncResult {
  commit: string;
  revision: number;
  /** False when the fetched files equal the latest revision's: nothing was added or deployed. */
  changed: boolean;
}

/**
 * Keeps git-backed stacks in step with their branch: a fetch adds a revision (recording the commit)
 * only when the stack's files changed, and a stack with autoDeploy is then redeployed. One fetch per
 * stack at a time: a webhook burst while one runs is answered by that same fetch. Polling claims
 * each due stack with a conditional update, so several control-plane instances poll it once.
 */
export class GitStackSync {
  private readonly running = new Map<string, Promise<SyncResult>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: GitSyncDeps) {}

  sync(stackId: string, trigger: SyncTrigger): Promise<SyncResult> {
    const inFlight = this.running.get(stackId);
    if (inFlight) return inFlight;
    const work = this.fetchAndRecord(stackId, trigger).finally(() => this.running.delete(stackId));
    this.running.set(stackId, work);
    return work;
  }

  private async source(stackId: string): Promise<{ stack: StackView; source: GitSource }> {
    const stack = await getStack(this.deps.db, stackId);
    const row = await this.deps.db.stack.findUniqueOrThrow({ where: { id: stackId }, select: { gitPasswordSealed: true } });
    if (!stack.gitUrl || !stack.gitBranch) throw new AppError("PRECONDITION_FAILED", `stack ${stack.name} is not backed by a git repository`);
    const password = row.gitPasswordSealed ? this.deps.secrets.open(row.gitPasswordSealed) : undefined;
    if (password === null) throw new AppError("PRECONDITION_FAILED", `the git password of stack ${stack.name} cannot be decrypted: enter it again`);
    return { stack, source: { url: stack.gitUrl, branch: stack.gitBranch, path: stack.gitPath ?? "", files: stack.gitFiles ?? ["compose.yaml"], username: stack.gitUsername ?? undefined, password } };
  }

  private async fetchAndRecord(stackId: string, trigger: SyncTrigger): Promise<SyncResult> {
    const { stack, source } = await this.source(stackId);
    const fetched = await (this.deps.fetchFiles ?? fetchStackFiles)(source);
    // The .env is the stack's own (it holds secrets, never in the repository): kept from the latest revision.
    const latest = await readRevision(this.deps.db, this.deps.secrets, stackId).catch(() => null);
    const content = { composeFiles: fetched.composeFiles, otherFiles: fetched.otherFiles, env: latest?.content.env ?? "" };
    const message = `git ${fetched.commit.slice(0, 12)} (${trigger})`;
    const { revision, created } = await addRevision(this.deps.db, this.deps.secrets, stackId, content, message, { id: null, name: `git (${trigger})` }, fetched.commit);
    if (created && stack.autoDeploy) await this.deps.redeploy(stack, revision.number, trigger);
    return { commit: fetched.commit, revision: revision.number, changed: created };
  }

  /** Polls every stack whose interval is due: a cheap ls-remote first, a fetch only when the branch moved. */
  async pollDue(now = new Date()): Promise<number> {
    const due = await this.deps.db.stack.findMany({ where: { gitUrl: { not: null }, pollIntervalSeconds: { not: null } }, select: { id: true, pollIntervalSeconds: true, lastPolledAt: true } });
    let polled = 0;
    for (const stack of due) {
      const last = stack.lastPolledAt?.getTime() ?? 0;
      if (now.getTime() - last < stack.pollIntervalSeconds! * 1000) continue;
      const claim = await this.deps.db.stack.updateMany({ where: { id: stack.id, lastPolledAt: stack.lastPolledAt }, data: { lastPolledAt: now } });
      if (claim.count !== 1) continue; // another instance polls it
      polled += 1;
      try {
        const { source } = await this.source(stack.id);
        const head = await (this.deps.headOf ?? remoteCommit)(source);
        const latest = await this.deps.db.stackRevision.findFirst({ where: { stackId: stack.id }, orderBy: { number: "desc" }, select: { gitCommit: true } });
        if (latest?.gitCommit !== head) await this.sync(stack.id, "poll");
      } catch (error) {
        this.deps.log.warn("git poll failed", { stackId: stack.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return polled;
  }

  /** Checks for due stacks every `everyMs` (polling intervals are per stack; this is the granularity). */
  start(everyMs = 15_000): void {
    this.timer ??= setInterval(() => void this.pollDue().catch((error: unknown) => this.deps.log.warn("git polling failed", { error: String(error) })), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
