"use client";
import { useState } from "react";
import { Button } from "../components/ui";
import { envProblems, envRow, rowsFromText, type EnvRow } from "./env-rows";

const input = "rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-xs outline-none focus:border-sky-500";

/**
 * The stack's `.env`: one row per variable, values masked until revealed (all at once, or one row).
 * A value the server kept sealed shows as "unchanged" and is never known here; typing replaces it.
 */
export function EnvEditor({ rows, onChange, stackName, readOnly = false }: { rows: EnvRow[]; onChange: (rows: EnvRow[]) => void; stackName: string; readOnly?: boolean }) {
  const [revealAll, setRevealAll] = useState(false);
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set());
  const [paste, setPaste] = useState<string | null>(null);
  const problems = envProblems(rows);
  const update = (id: number, patch: Partial<EnvRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const toggle = (id: number) => setRevealed((old) => (old.has(id) ? new Set([...old].filter((x) => x !== id)) : new Set([...old, id])));
  return (
    <div className="space-y-2" data-testid="env-editor">
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-400">
        <p>Variables for <code>${"{VAR}"}</code> in the compose files. Values are sealed at rest and masked here.</p>
        <label className="ml-auto flex items-center gap-1">
          <input type="checkbox" checked={revealAll} onChange={(e) => setRevealAll(e.target.checked)} /> Reveal values
        </label>
        {!readOnly && (
          <>
            <Button onClick={() => onChange([...rows, envRow()])}>Add variable</Button>
            <Button onClick={() => setPaste(paste === null ? "" : null)}>Paste .env</Button>
          </>
        )}
      </div>
      {paste !== null && (
        <div className="space-y-1">
          <textarea aria-label={`.env text to add to ${stackName}`} className={`${input} mono h-24 w-full`} value={paste} onChange={(e) => setPaste(e.target.value)} placeholder={"KEY=value\n# comments are skipped"} />
          <Button
            onClick={() => {
              const pasted = rowsFromText(paste);
              const keys = new Set(pasted.map((r) => r.key));
              onChange([...rows.filter((r) => !keys.has(r.key.trim())), ...pasted]);
              setPaste(null);
            }}
          >
            Add these variables
          </Button>
        </div>
      )}
      {rows.length === 0 && <p className="text-xs text-zinc-500">No variables.</p>}
      <ul className="space-y-1">
        {rows.map((r) => {
          const shown = revealAll || revealed.has(r.id);
          const name = r.key.trim() || "new variable";
          return (
            <li key={r.id} className="flex items-center gap-2" data-testid="env-row">
              <input aria-label={`Name of ${name}`} className={`${input} mono w-56`} value={r.key} readOnly={readOnly} onChange={(e) => update(r.id, { key: e.target.value })} />
              <span className="text-zinc-500">=</span>
              <input
                aria-label={`Value of ${name}`}
                className={`${input} mono flex-1`}
                type={shown ? "text" : "password"}
                autoComplete="off"
                readOnly={readOnly}
                value={r.value ?? ""}
                placeholder={r.value === null ? "•••••• (stored, unchanged)" : ""}
                onChange={(e) => update(r.id, { value: e.target.value })}
              />
              {r.value !== null && !revealAll && (
                <Button onClick={() => toggle(r.id)} aria-pressed={shown} aria-label={`${shown ? "Hide" : "Show"} value of ${name}`}>
                  {shown ? "Hide" : "Show"}
                </Button>
              )}
              {r.value === null && !readOnly && (
                <Button onClick={() => update(r.id, { value: "" })} aria-label={`Replace value of ${name}`}>
                  Replace
                </Button>
              )}
              {!readOnly && (
                <Button variant="subtleDanger" onClick={() => onChange(rows.filter((x) => x.id !== r.id))} aria-label={`Remove ${name}`}>
                  Remove
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {problems.length > 0 && (
        <ul role="alert" className="text-xs text-rose-300">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
