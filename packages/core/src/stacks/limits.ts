import { AppError } from "../errors";

/**
 * What a stack may hold, checked before anything is stored or sent: the same limits for a stack
 * typed in the editor, fetched from git, or made from a template.
 */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;
export const MAX_STACK_FILES = 50;
export const MAX_STACK_SERVICES = 200;

/** docker compose's own rule for a project name (compose-go's NormalizeProjectName result must equal it). */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const PROJECT_NAME_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit";

/** A relative path inside the stack, no '..' and no absolute path: files never reach outside it. */
const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/]+$/;

export interface StackFile {
  path: string;
  content: string;
}

export function checkProjectName(name: string): void {
  if (!PROJECT_NAME.test(name) || name.length > 63) throw new AppError("BAD_REQUEST", `"${name}" is not a project name docker compose accepts: use ${PROJECT_NAME_RULE} (at most 63)`);
}

/** Files over 1 MiB, unsafe paths, duplicates or too many files are refused, naming the file. */
export function checkFiles(files: StackFile[], env: string | undefined): void {
  if (files.length > MAX_STACK_FILES) throw new AppError("BAD_REQUEST", `a stack holds at most ${MAX_STACK_FILES} files (got ${files.length})`);
  const seen = new Set<string>();
  for (const file of files) {
    if (!SAFE_PATH.test(file.path) || file.path.length > 255) throw new AppError("BAD_REQUEST", `file path "${file.path}" is not a relative path inside the stack`);
    if (seen.has(file.path)) throw new AppError("BAD_REQUEST", `file ${file.path} is given twice`);
    seen.add(file.path);
    if (Buffer.byteLength(file.content, "utf8") > MAX_STACK_FILE_BYTES) throw new AppError("BAD_REQUEST", `file ${file.path} is larger than 1 MiB`);
  }
  if (env !== undefined && Buffer.byteLength(env, "utf8") > MAX_STACK_FILE_BYTES) throw new AppError("BAD_REQUEST", "the .env is larger than 1 MiB");
}
