import type { Diagnostic, LoadInput } from "../model";
import { loadProject } from "./load-project";

/**
 * For an editor: every error and warning of the stack as it is written now, each with its file,
 * line and column (empty when all is well). The same checks as loadProject, without the project.
 */
export function validateFiles(input: LoadInput): Diagnostic[] {
  const result = loadProject(input);
  return result.ok ? result.warnings : [...result.errors, ...result.warnings];
}
