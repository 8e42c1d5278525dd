import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import { contentHash, type StackContent } from "./content-hash";
import { maskEnv } from "./env-mask";
import { checkFiles, checkProjectName, type StackFile } from "./limits";

/**
 * Stacks and their revisions in the database. A revision is never changed: an edit, a git fetch or
 * a rollback adds one. The .env is sealed (secret-box) at rest and returned masked; the stack's git
 * password and webhook secret are never returned at all.
 */

/** Where a stack runs: one host, or every host of a group. */
export type StackTarget = { hostId: string } | { hostGroupId: string };

export interface StackGitSource {
  url: string;
  branch: string;
  /** Directory in the repository holding the compose files ("" = the root). */
  path: string;
  /** Compose file names in that directory, in override order. */
  files: string[];
  username?: string;
  password?: string;
  pollIntervalSeconds?: number;
  autoDeploy: boolean;
}

const STACK_VIEW = {
  id: true, name: true, hostId: true, hostGroupId: true, gitUrl: true, gitBranch: true, gitPath: true, gitFiles: true, gitUsername: true,
  pollIntervalSeconds: true, autoDeploy: true, lastPolledAt: true, createdAt: true, createdById: true, webhookSecretSealed: true,
} as const;

interface StackRow {
  id: string;
  name: string;
  hostId: string | null;
  hostGroupId: string | null;
  gitUrl: string | null;
  gitBranch: string | null;
  gitPath: string | null;
  gitFiles: string | null;
  gitUsername: string | null;
  pollIntervalSeconds: number | null;
  autoDeploy: boolean;
  lastPolledAt: Date | null;
  createdAt: Date;
  createdById: string | null;
  webhookSecretSealed: string | null;
}

/** What lists and reads return: no sealed column (even from a row read whole), only whether a webhook is set. */
export function stackView(row: StackRow) {
  return {
    id: row.id,
    name: row.name,
    hostId: row.hostId,
    hostGroupId: row.hostGroupId,
    gitUrl: row.gitUrl,
    gitBranch: row.gitBranch,
    gitPath: row.gitPath,
    gitFiles: row.gitFiles ? (JSON.parse(row.gitFiles) as string[]) : null,
    gitUsername: row.gitUsername,
    pollIntervalSeconds: row.pollIntervalSeconds,
    autoDeploy: row.autoDeploy,
    lastPolledAt: row.lastPolledAt,
    createdAt: row.createdAt,
    createdById: row.createdById,
    webhook: row.webhookSecretSealed !== null,
  };
}
export type StackView = ReturnType<typeof stackView>;

const REVISION_VIEW = { id: true, stackId: true, number: true, message: true, authorId: true, authorName: true, contentHash: true, gitCommit: true, createdAt: true } as const;

export interface Author {
  id: string | null;
  name: string | null;
}

export async function getStack(db: Db, stackId: string): Promise<StackView> {
  const row = await db.stack.findUnique({ where: { id: stackId }, select: STACK_VIEW });
  if (!row) throw new AppError("NOT_FOUND", `stack ${stackId} not found`);
  return stackView(row);
}

/**
 * The stack, when it runs on `hostId` (its own host, or a group the host is in). NOT_FOUND
 * otherwise, with the same words as a missing stack: a caller allowed on one host learns nothing
 * about stacks elsewhere.
 */
export async function stackOnHost(db: Db, stackId: string, hostId: string): Promise<StackView> {
  const [stack, host] = await Promise.all([db.stack.findUnique({ where: { id: stackId }, select: STACK_VIEW }), db.host.findUnique({ where: { id: hostId }, select: { groupId: true } })]);
  const onHost = stack && (stack.hostId === hostId || (stack.hostGroupId !== null && host?.groupId === stack.hostGroupId));
  if (!onHost) throw new AppError("NOT_FOUND", `stack ${stackId} not found`);
  return stackView(stack);
}

/** The hosts a stack targets now (a group's members change over time). */
export async function stackHosts(db: Db, stack: Pick<StackView, "hostId" | "hostGroupId">): Promise<string[]> {
  if (stack.hostId) return [stack.hostId];
  const hosts = await db.host.findMany({ where: { groupId: stack.hostGroupId, revokedAt: null }, select: { id: true }, orderBy: { name: "asc" } });
  return hosts.map((h) => h.id);
}

/** A name is unique per host: a host stack may not share its name with a stack of the host's group. */
async function assertNameFree(db: Db, name: string, target: StackTarget): Promise<void> {
  let clash;
  if ("hostId" in target) {
    const host = await db.host.findUnique({ where: { id: target.hostId }, select: { groupId: true } });
    if (!host) throw new AppError("NOT_FOUND", `host ${target.hostId} not found`);
    clash = await db.stack.findFirst({ where: { name, OR: [{ hostId: target.hostId }, ...(host.groupId ? [{ hostGroupId: host.groupId }] : [])] }, select: { id: true } });
  } else {
    const group = await db.hostGroup.findUnique({ where: { id: target.hostGroupId }, select: { id: true } });
    if (!group) throw new AppError("NOT_FOUND", `host group ${target.hostGroupId} not found`);
    clash = await db.stack.findFirst({ where: { name, OR: [{ hostGroupId: target.hostGroupId }, { hostId: { in: (await db.host.findMany({ where: { groupId: target.hostGroupId }, select: { id: true } })).map((h) => h.id) } }] }, select: { id: true } });
  }
  if (clash) throw new AppError("CONFLICT", `a stack named ${name} already runs there`);
}

export interface NewStack {
  name: string;
  target: StackTarget;
  content: StackContent;
  message: string;
  git?: StackGitSource;
  gitCommit?: string;
}

function gitColumns(box: SecretBox, git: StackGitSource | undefined) {
  if (!git) return {};
  return {
    gitUrl: git.url,
    gitBranch: git.branch,
    gitPath: git.path,
    gitFiles: JSON.stringify(git.files),
    gitUsername: git.username ?? null,
    gitPasswordSealed: git.password ? box.seal(git.password) : null,
    pollIntervalSeconds: git.pollIntervalSeconds ?? null,
    autoDeploy: git.autoDeploy,
  };
}

function checkContent(content: StackContent): void {
  if (content.composeFiles.length === 0) throw new AppError("BAD_REQUEST", "a stack needs at least one compose file");
  checkFiles([...content.composeFiles, ...content.otherFiles], content.env);
}

/** A new stack with its first revision (number 1). */
export async function createStack(db: Db, box: SecretBox, input: NewStack, author: Author) {
  checkProjectName(input.name);
  checkContent(input.content);
  await assertNameFree(db, input.name, input.target);
  const stack = await db.stack.create({
    data: { name: input.name, ...("hostId" in input.target ? { hostId: input.target.hostId } : { hostGroupId: input.target.hostGroupId }), createdById: author.id, ...gitColumns(box, input.git) },
    select: STACK_VIEW,
  });
  const revision = await insertRevision(db, box, stack.id, 1, input.content, input.message, author, input.gitCommit);
  return { stack: stackView(stack), revision };
}

async function insertRevision(db: Db, box: SecretBox, stackId: string, number: number, content: StackContent, message: string, author: Author, gitCommit?: string) {
  return db.stackRevision.create({
    data: {
      stackId,
      number,
      composeFiles: JSON.stringify(content.composeFiles),
      otherFiles: JSON.stringify(content.otherFiles),
      envSealed: content.env === "" ? "" : box.seal(content.env),
      message,
      authorId: author.id,
      authorName: author.name,
      contentHash: contentHash(content),
      gitCommit: gitCommit ?? null,
    },
    select: REVISION_VIEW,
  });
}

/**
 * A new revision with `content`, unless it equals the latest one's (then that one, `created:
 * false`): saving unchanged files or fetching an unchanged commit adds nothing.
 */
export async function addRevision(db: Db, box: SecretBox, stackId: string, content: StackContent, message: string, author: Author, gitCommit?: string) {
  checkContent(content);
  const latest = await db.stackRevision.findFirst({ where: { stackId }, orderBy: { number: "desc" }, select: REVISION_VIEW });
  if (latest && latest.contentHash === contentHash(content)) return { revision: latest, created: false };
  const revision = await insertRevision(db, box, stackId, (latest?.number ?? 0) + 1, content, message, author, gitCommit);
  return { revision, created: true };
}

export function listRevisions(db: Db, stackId: string, take = 100) {
  return db.stackRevision.findMany({ where: { stackId }, orderBy: { number: "desc" }, take: Math.min(take, 500), select: REVISION_VIEW });
}

/** A revision's content with the .env opened (server-side only: deploys and diffs). `number` omitted = the latest. */
export async function readRevision(db: Db, box: SecretBox, stackId: string, number?: number) {
  const row = await db.stackRevision.findFirst({ where: { stackId, ...(number === undefined ? {} : { number }) }, orderBy: { number: "desc" } });
  if (!row) throw new AppError("NOT_FOUND", number === undefined ? `stack ${stackId} has no revision` : `stack ${stackId} has no revision ${number}`);
  const env = row.envSealed === "" ? "" : box.open(row.envSealed);
  if (env === null) throw new AppError("PRECONDITION_FAILED", `the .env of revision ${row.number} cannot be decrypted (sealed under another secret key?): save the stack's .env again`);
  const content: StackContent = { composeFiles: JSON.parse(row.composeFiles) as StackFile[], otherFiles: JSON.parse(row.otherFiles) as StackFile[], env };
  const { composeFiles: _c, otherFiles: _o, envSealed: _e, ...meta } = row;
  return { ...meta, content };
}

/** What the editor shows of a revision: the files, and the .env with its values masked. */
export async function revisionForEditor(db: Db, box: SecretBox, stackId: string, number?: number) {
  const { content, ...meta } = await readRevision(db, box, stackId, number);
  return { ...meta, composeFiles: content.composeFiles, otherFiles: content.otherFiles, env: maskEnv(content.env), envVariables: [...content.env.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]!) };
}

/** Per-host .env overrides (fleet stacks): sealed; "" removes them. */
export async function setHostEnv(db: Db, box: SecretBox, stackId: string, hostId: string, env: string): Promise<void> {
  checkFiles([], env);
  if (env === "") await db.stackHostEnv.deleteMany({ where: { stackId, hostId } });
  else await db.stackHostEnv.upsert({ where: { stackId_hostId: { stackId, hostId } }, create: { stackId, hostId, envSealed: box.seal(env) }, update: { envSealed: box.seal(env) } });
}

/** The opened per-host overrides ("" when none). */
export async function readHostEnv(db: Db, box: SecretBox, stackId: string, hostId: string): Promise<string> {
  const row = await db.stackHostEnv.findUnique({ where: { stackId_hostId: { stackId, hostId } } });
  if (!row) return "";
  const env = box.open(row.envSealed);
  if (env === null) throw new AppError("PRECONDITION_FAILED", `the .env overrides for host ${hostId} cannot be decrypted: save them again`);
  return env;
}

export async function deleteStack(db: Db, stackId: string) {
  const row = await db.stack.findUnique({ where: { id: stackId }, select: { id: true, name: true } });
  if (!row) throw new AppError("NOT_FOUND", `stack ${stackId} not found`);
  await db.stack.delete({ where: { id: stackId } });
  return row;
}
