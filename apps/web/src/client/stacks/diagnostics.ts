/**
 * The server's diagnostics (packages/compose's Diagnostic: file, 1-based line / column, path,
 * message) as CodeMirror lint ranges on one file's text. Pure: the editor and its tests share it.
 */
import type { Diagnostic } from "@dockmaster/compose";

/** The compose engine's own diagnostic (file, 1-based line / column, path, message). */
export type ServerDiagnostic = Diagnostic;

export interface LintRange {
  from: number;
  to: number;
  severity: "error" | "warning";
  message: string;
}

/** Offsets where each line starts (line 1 at index 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/**
 * Diagnostics for `file` placed on its text: at line/column when given (clamped to the text, since
 * the text may have changed since it was validated), from the column to the end of the word or
 * line; without a line, on the first line so the message is still seen in the editor.
 */
export function lintRanges(diagnostics: readonly ServerDiagnostic[], file: string, text: string): LintRange[] {
  const starts = lineStarts(text);
  return diagnostics
    .filter((d) => d.file === file)
    .map((d) => {
      const lineIndex = Math.min(Math.max((d.line ?? 1) - 1, 0), starts.length - 1);
      const lineStart = starts[lineIndex] ?? 0;
      const lineEnd = lineIndex + 1 < starts.length ? (starts[lineIndex + 1] ?? text.length) - 1 : text.length;
      const from = Math.min(lineStart + Math.max((d.column ?? 1) - 1, 0), lineEnd);
      // Mark the rest of the line from the column (at least one character where the line has one).
      const to = Math.max(lineEnd, Math.min(from + 1, text.length));
      const where = d.path ? ` (${d.path})` : "";
      return { from, to, severity: d.severity, message: `${d.message}${where}` };
    });
}

/** "compose.yaml:3:5 services.web.ports[0]: message" — the list under the editor, for every file. */
export function diagnosticLabel(d: ServerDiagnostic): string {
  const at = [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(":");
  return `${at}${d.path ? ` ${d.path}` : ""}: ${d.message}`;
}
