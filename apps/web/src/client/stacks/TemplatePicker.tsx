"use client";
import { useState } from "react";
import { Badge, Button } from "../components/ui";

export interface TemplateLike {
  id: string;
  title: string;
  description: string;
  note?: string;
  categories: string[];
  source: string;
  compose?: string;
  repository?: { url: string; stackfile: string };
  env: Array<{ name: string; label?: string; description?: string; default?: string }>;
}

/** The app templates (Portainer's format) to start a new stack from; picking one pre-fills the editor. */
export function TemplatePicker({ templates, onPick }: { templates: readonly TemplateLike[]; onPick: (t: TemplateLike) => void }) {
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = templates.filter((t) => !needle || `${t.title} ${t.description} ${t.categories.join(" ")}`.toLowerCase().includes(needle));
  return (
    <section aria-label="Templates" className="space-y-2">
      <input aria-label="Search templates" className="w-64 rounded bg-zinc-900 px-2 py-1 text-xs ring-1 ring-zinc-700" placeholder="search templates…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <ul className="grid grid-cols-1 gap-2 md:grid-cols-2 lg:grid-cols-3">
        {shown.map((t) => (
          <li key={t.id} className="flex flex-col gap-1 rounded-lg border border-zinc-800 p-3" data-testid="stack-template">
            <div className="flex items-center gap-2">
              <h4 className="text-sm font-semibold text-white">{t.title}</h4>
              <Badge tone="zinc">{t.source}</Badge>
            </div>
            <p className="text-xs text-zinc-400">{t.description}</p>
            {t.categories.length > 0 && <p className="text-[11px] text-zinc-500">{t.categories.join(" · ")}</p>}
            <Button className="mt-auto self-start" onClick={() => onPick(t)} aria-label={`Use template ${t.title}`} title={t.compose ? undefined : `Its compose file is in ${t.repository?.url ?? "a repository"}: a git-backed stack is made from it`}>
              Use template
            </Button>
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p className="text-xs text-zinc-500">No template matches.</p>}
    </section>
  );
}
