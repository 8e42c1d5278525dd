"use client";
import { useState } from "react";
import { Button } from "../components/ui";
import { CodeEditor } from "./CodeEditor";
import { EnvEditor } from "./EnvEditor";
import { diagnosticLabel, type ServerDiagnostic } from "./diagnostics";
import { ENV_TAB, fileNameProblem, overrideName, type StackDraft } from "./stack-files";

/**
 * A stack's files as tabs — compose file(s) in override order, `.env`, extra files — each compose
 * or extra file in CodeMirror with the server's diagnostics inline, and every diagnostic listed
 * under the editor (a click opens its file).
 */
export function StackFilesEditor({ stackName, draft, onChange, diagnostics, validating, checkError = null, readOnly = false }: {
  stackName: string;
  draft: StackDraft;
  onChange: (draft: StackDraft) => void;
  diagnostics: readonly ServerDiagnostic[];
  validating: boolean;
  /** Why the files could not be checked (then no verdict is shown). */
  checkError?: string | null;
  readOnly?: boolean;
}) {
  const names = [...draft.composeFiles.map((f) => f.path), ENV_TAB, ...draft.otherFiles.map((f) => f.path)];
  const [open, setOpen] = useState(names[0] ?? ENV_TAB);
  const [adding, setAdding] = useState<{ kind: "compose" | "other"; name: string } | null>(null);
  const current = names.includes(open) ? open : (names[0] ?? ENV_TAB);
  const composeIndex = draft.composeFiles.findIndex((f) => f.path === current);
  const otherIndex = draft.otherFiles.findIndex((f) => f.path === current);
  const file = composeIndex >= 0 ? draft.composeFiles[composeIndex] : draft.otherFiles[otherIndex];
  const problem = adding ? fileNameProblem(adding.name, names) : null;
  const errorsIn = (name: string) => diagnostics.filter((d) => d.file === name && d.severity === "error").length;

  function setContent(content: string) {
    if (composeIndex >= 0) onChange({ ...draft, composeFiles: draft.composeFiles.map((f, i) => (i === composeIndex ? { ...f, content } : f)) });
    else if (otherIndex >= 0) onChange({ ...draft, otherFiles: draft.otherFiles.map((f, i) => (i === otherIndex ? { ...f, content } : f)) });
  }
  function add() {
    if (!adding || problem) return;
    const created = { path: adding.name.trim(), content: "" };
    onChange(adding.kind === "compose" ? { ...draft, composeFiles: [...draft.composeFiles, created] } : { ...draft, otherFiles: [...draft.otherFiles, created] });
    setOpen(created.path);
    setAdding(null);
  }
  function removeCurrent() {
    onChange({ ...draft, composeFiles: draft.composeFiles.filter((f) => f.path !== current), otherFiles: draft.otherFiles.filter((f) => f.path !== current) });
    setOpen(names[0] ?? ENV_TAB);
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-1 border-b border-zinc-800">
        {/* Only the tabs are in the tablist: its children must all be tabs (the buttons follow it). */}
        <div className="flex flex-wrap items-center gap-1" role="tablist" aria-label={`Files of ${stackName}`}>
        {names.map((name) => (
          <button
            key={name}
            role="tab"
            aria-selected={name === current}
            onClick={() => setOpen(name)}
            className={`mono -mb-px border-b-2 px-3 py-1.5 text-xs ${name === current ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}
          >
            {name}
            {errorsIn(name) > 0 && <span className="ml-1 rounded bg-rose-600 px-1 text-[10px] text-white" aria-label={`${errorsIn(name)} errors`}>{errorsIn(name)}</span>}
          </button>
        ))}
        </div>
        {!readOnly && (
          <span className="ml-auto flex gap-1 pb-1">
            <Button onClick={() => setAdding({ kind: "compose", name: overrideName(draft.composeFiles) })}>Add override file</Button>
            <Button onClick={() => setAdding({ kind: "other", name: "" })}>Add extra file</Button>
            {(composeIndex > 0 || otherIndex >= 0) && (
              <Button variant="subtleDanger" onClick={removeCurrent} aria-label={`Remove file ${current}`}>
                Remove file
              </Button>
            )}
          </span>
        )}
      </div>
      {adding && (
        <form
          className="flex items-start gap-2 text-xs"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <label className="text-zinc-400">
            {adding.kind === "compose" ? "Override file name" : "Extra file path (env_file, build context)"}
            <input autoFocus aria-invalid={Boolean(problem)} className="mono ml-2 rounded border border-zinc-700 bg-zinc-950 px-2 py-1" value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} />
          </label>
          <Button type="submit" variant="primary" disabled={Boolean(problem)}>
            Add
          </Button>
          <Button type="button" onClick={() => setAdding(null)}>
            Cancel
          </Button>
          {problem && <span className="text-rose-300">{problem}</span>}
        </form>
      )}
      <div role="tabpanel" aria-label={current}>
        {current === ENV_TAB ? (
          <EnvEditor stackName={stackName} rows={draft.env} onChange={(env) => onChange({ ...draft, env })} readOnly={readOnly} />
        ) : file ? (
          <CodeEditor file={file.path} label={`${file.path} of ${stackName}`} value={file.content} onChange={setContent} diagnostics={diagnostics} readOnly={readOnly} />
        ) : null}
      </div>
      <div aria-live="polite" className="text-xs" data-testid="stack-diagnostics">
        {validating ? (
          <p className="text-zinc-500">Checking…</p>
        ) : checkError ? (
          <p role="alert" className="text-amber-300">
            Not checked: {checkError}
          </p>
        ) : diagnostics.length === 0 ? (
          <p className="text-emerald-300">No problems found.</p>
        ) : (
          <ul className="space-y-0.5">
            {diagnostics.map((d, i) => (
              <li key={i}>
                <button className={`mono text-left hover:underline ${d.severity === "error" ? "text-rose-300" : "text-amber-300"}`} onClick={() => setOpen(d.file)}>
                  {d.severity === "error" ? "error" : "warning"} {diagnosticLabel(d)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
