"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { useStream } from "../use-stream";
import { Badge, Button } from "../components/ui";
import { stripAnsi } from "../logs/log-buffer";
import { MergedLog, serviceColour } from "./merged-logs";

export interface LogSourceRef {
  id: string;
  name: string;
  service: string;
}

/** One container's log stream (with timestamps) feeding the merged log; renders only its state. */
function LogSource({ hostId, source, tail, log, onLines }: { hostId: string; source: LogSourceRef; tail: number; log: MergedLog; onLines: () => void }) {
  const stream = useStream({ hostId, type: "container.logs", params: { id: source.id, follow: true, timestamps: true, tail } }, (frames) => {
    let changed = false;
    for (const f of frames) changed = log.push({ service: source.service, container: source.name }, f.s, f.d) || changed;
    if (changed) onLines();
  });
  return (
    <span className="mono" data-testid="stack-log-source" data-state={stream.phase} title={stream.error ?? undefined}>
      {source.name} {stream.phase === "open" ? "·" : stream.phase}
    </span>
  );
}

/**
 * The merged logs of a stack on one host: one stream per container (the container log stream the
 * container pages use), lines interleaved by the engine's timestamps, a colour per service, a
 * filter per service and a search.
 */
export function StackLogs({ hostId, stackName, sources }: { hostId: string; stackName: string; sources: LogSourceRef[] }) {
  const log = useMemo(() => new MergedLog(), []);
  const [, setRevision] = useState(0);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [search, setSearch] = useState("");
  const pending = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const services = [...new Set(sources.map((s) => s.service))].sort();
  const sourcesKey = sources.map((s) => s.id).join(",");
  // Another set of containers (a redeploy recreated them) starts from an empty screen.
  useEffect(() => {
    log.clear();
    setRevision((r) => r + 1);
  }, [sourcesKey, log]);
  const onLines = () => {
    if (pending.current) return;
    pending.current = true;
    requestAnimationFrame(() => {
      pending.current = false;
      setRevision((r) => r + 1);
    });
  };
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  });
  const needle = search.toLowerCase();
  const lines = log.all.filter((l) => !hidden.has(l.service) && (!needle || stripAnsi(l.text).toLowerCase().includes(needle)));
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-400">
        {services.map((s) => (
          <Button key={s} aria-pressed={!hidden.has(s)} onClick={() => setHidden((old) => (old.has(s) ? new Set([...old].filter((x) => x !== s)) : new Set([...old, s])))} aria-label={`Show logs of service ${s}`}>
            <span className={serviceColour(services, s)}>{s}</span>
          </Button>
        ))}
        <input aria-label={`Search the logs of ${stackName}`} className="w-48 rounded bg-zinc-900 px-2 py-0.5 ring-1 ring-zinc-700" placeholder="search…" value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="ml-auto flex flex-wrap gap-2">
          {sources.map((s) => (
            <LogSource key={s.id} hostId={hostId} source={s} tail={200} log={log} onLines={onLines} />
          ))}
        </span>
        {log.dropped > 0 && <Badge tone="zinc">{log.dropped} older lines dropped</Badge>}
      </div>
      {sources.length === 0 && <p className="text-sm text-zinc-500">No containers of {stackName} on this host: nothing to read.</p>}
      <div ref={scroller} data-testid="stack-log-output" role="log" aria-label={`Logs of ${stackName}`} className="mono h-[60vh] overflow-auto rounded-lg border border-zinc-800 bg-black p-2 text-xs leading-5">
        {lines.map((l) => (
          <div key={l.n} data-testid="stack-log-line" data-service={l.service} className={l.s === "err" ? "bg-rose-950/40" : undefined}>
            <span className={`${serviceColour(services, l.service)} mr-2 inline-block w-24 truncate align-bottom`}>{l.service}</span>
            <span className="text-zinc-200">{stripAnsi(l.text)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
