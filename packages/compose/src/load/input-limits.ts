import type { LoadInput } from "../model";
import type { Diagnostics } from "./diagnostics";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_SERVICES = 200;
/** What docker compose accepts as a project name (and so as the prefix of every resource name). */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Checks made before anything is parsed: the project name and every file's size. */
export function checkInput(input: LoadInput, diagnostics: Diagnostics): void {
  if (!PROJECT_NAME.test(input.projectName) || input.projectName.length > 64) {
    diagnostics.add({
      severity: "error",
      file: "",
      message: `project name "${input.projectName}" is not valid: use at most 64 lowercase letters, digits, dashes and underscores, starting with a letter or digit`,
    });
  }
  if (input.composeFiles.length === 0) diagnostics.add({ severity: "error", file: "", message: "a stack needs at least one compose file" });
  const files = [...input.composeFiles, ...(input.otherFiles ?? []), ...(input.dotEnv === undefined ? [] : [{ path: ".env", content: input.dotEnv }])];
  const encoder = new TextEncoder();
  for (const file of files) {
    const bytes = encoder.encode(file.content).length;
    if (bytes > MAX_FILE_BYTES) diagnostics.add({ severity: "error", file: file.path, message: `${file.path} is ${bytes} bytes: files are limited to 1 MiB` });
  }
}
