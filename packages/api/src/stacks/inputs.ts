import { z } from "zod";
import { contentHash, MAX_STACK_FILE_BYTES, MAX_STACK_FILES, PROJECT_NAME, PROJECT_NAME_RULE } from "@dockmaster/core";

/** Input shapes of the stacks router. Sizes are checked here and again in core (a git fetch goes there only). */
export const StackId = z.string().min(1).max(100);
export const StackName = z.string().min(1, "name is required").max(63).regex(PROJECT_NAME, `a stack's name is its compose project name: ${PROJECT_NAME_RULE}`);
/** A compose project's name as docker compose accepts it (an external project is named by it). */
export const ProjectName = z.string().min(1, "project is required").max(63).regex(PROJECT_NAME, `a compose project name: ${PROJECT_NAME_RULE}`);
export const RevisionNumber = z.number().int().min(1).max(1_000_000);

const FileContent = z.string().refine((s) => Buffer.byteLength(s, "utf8") <= MAX_STACK_FILE_BYTES, "a file is larger than 1 MiB");
export const StackFileInput = z.strictObject({ path: z.string().min(1).max(255), content: FileContent });
export const ComposeFiles = z.array(StackFileInput).min(1, "give at least one compose file").max(MAX_STACK_FILES);
export const OtherFiles = z.array(StackFileInput).max(MAX_STACK_FILES).default([]);
/** The .env text: its values are secrets (sealed at rest, masked when shown, redacted in the audit trail). */
export const EnvText = FileContent;
export const Message = z.string().max(500).default("");

/** Only http(s), and no credentials in the URL (they go in username / password, sealed). Also the template catalogue's URL. */
export const GitUrl = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "the URL must be http(s):// without credentials in it");
const GitRef = z.string().min(1).max(200).regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "not a branch name");
const GitDir = z.string().max(500).regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]*$/, "a directory inside the repository").default("");
const GitFileName = z.string().min(1).max(200).regex(/^[A-Za-z0-9._-]+$/, "a file name in that directory");

export const GitSourceInput = z.strictObject({
  url: GitUrl,
  branch: GitRef.default("main"),
  path: GitDir,
  files: z.array(GitFileName).min(1).max(10).default(["compose.yaml"]),
  username: z.string().min(1).max(256).optional(),
  password: z.string().min(1).max(4096).optional(),
  /** Poll the branch every N seconds (60 s at least); omitted = no polling. */
  pollIntervalSeconds: z.number().int().min(60).max(7 * 24 * 3600).optional(),
  /** Deploy on every target host when a fetch brings changed files. */
  autoDeploy: z.boolean().default(false),
  /** Make a webhook secret (returned once). */
  webhook: z.boolean().default(false),
});

export const LifecycleAction = z.enum(["start", "stop", "restart"]);

/**
 * What the audit trail keeps of a stack's files: each path with its size, and the content hash —
 * never the text (a compose file may hold inline secrets). The .env goes through the audit rule
 * (names kept, values redacted). Tolerates any raw shape (refused inputs are audited too).
 */
export function stackAuditParams(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const { composeFiles, otherFiles, ...rest } = raw as Record<string, unknown>;
  const summary = (files: unknown) => (Array.isArray(files) ? files.slice(0, MAX_STACK_FILES).map((f) => (f && typeof f === "object" ? { path: String((f as { path?: unknown }).path).slice(0, 255), bytes: typeof (f as { content?: unknown }).content === "string" ? Buffer.byteLength((f as { content: string }).content) : null } : null)) : files);
  const files = ComposeFiles.safeParse(composeFiles);
  const others = OtherFiles.safeParse(otherFiles);
  const env = typeof rest.env === "string" ? rest.env : "";
  return {
    ...rest,
    ...(composeFiles === undefined ? {} : { composeFiles: summary(composeFiles) }),
    ...(otherFiles === undefined ? {} : { otherFiles: summary(otherFiles) }),
    ...(files.success && others.success ? { contentHash: contentHash({ composeFiles: files.data, otherFiles: others.data, env }) } : {}),
  };
}
