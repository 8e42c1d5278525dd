"use client";
import { Badge } from "../components/ui";

/** A file's unified diff (the server's, with the .env masked), added and removed lines coloured. */
export interface FileDiffLike {
  path: string;
  change: "added" | "removed" | "modified";
  patch: string;
}

function lineClass(line: string): string {
  if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("===")) return "text-zinc-500";
  if (line.startsWith("+")) return "bg-emerald-950/50 text-emerald-200";
  if (line.startsWith("-")) return "bg-rose-950/50 text-rose-200";
  if (line.startsWith("@@")) return "text-sky-300";
  return "text-zinc-400";
}

export function DiffView({ files, label }: { files: readonly FileDiffLike[]; label: string }) {
  if (files.length === 0) return <p className="text-sm text-zinc-400" data-testid="stack-diff-empty">No difference.</p>;
  return (
    <div className="space-y-3" aria-label={label} data-testid="stack-diff">
      {files.map((f) => (
        <section key={f.path} className="rounded-lg border border-zinc-800">
          <h4 className="flex items-center gap-2 border-b border-zinc-800 px-3 py-1.5 text-xs">
            <span className="mono text-zinc-200">{f.path}</span>
            <Badge tone={f.change === "added" ? "green" : f.change === "removed" ? "red" : "amber"}>{f.change}</Badge>
          </h4>
          <pre className="mono overflow-x-auto p-2 text-xs leading-5">
            {f.patch
              .split("\n")
              .filter((l) => !l.startsWith("Index:") && !l.startsWith("===="))
              .map((l, i) => (
                <div key={i} className={lineClass(l)}>
                  {l || " "}
                </div>
              ))}
          </pre>
        </section>
      ))}
    </div>
  );
}
