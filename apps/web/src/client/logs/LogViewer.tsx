"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { AnsiUp } from "ansi_up";
import { useStream } from "../use-stream";
import { Badge, Button, ErrorBanner } from "../components/ui";
import { LogBuffer, stripAnsi, type LogLine } from "./log-buffer";
import { unlinkTerminalText } from "./terminal-links";

const ansi = new AnsiUp();
ansi.use_classes = false;
// No scheme may become a link (terminal-links.ts already turned OSC 8 links into text): a second lock.
ansi.url_allowlist = {};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A line as HTML: ANSI colours rendered, or — while searching — plain text with matches marked. */
function lineHtml(line: LogLine, search: string): string {
  if (!search) return ansi.ansi_to_html(unlinkTerminalText(line.text));
  const plain = stripAnsi(line.text);
  const lower = plain.toLowerCase();
  const needle = search.toLowerCase();
  let html = "";
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    html += `${escapeHtml(plain.slice(from, at))}<mark class="bg-amber-400/80 text-black">${escapeHtml(plain.slice(at, at + needle.length))}</mark>`;
    from = at + needle.length;
  }
  return html + escapeHtml(plain.slice(from));
}

interface Options {
  follow: boolean;
  tail: number | null;
  since: string; // datetime-local value, "" = from the start
  timestamps: boolean;
}

/**
 * Live container logs: follow, tail N, since, timestamps; stderr marked apart from stdout; ANSI
 * colours; search with highlight (and "matches only"); autoscroll that pauses when you scroll up;
 * download of what was received.
 */
export function LogViewer({ hostId, containerId, name }: { hostId: string; containerId: string; name: string }) {
  const [options, setOptions] = useState<Options>({ follow: true, tail: 500, since: "", timestamps: false });
  const [search, setSearch] = useState("");
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [autoscroll, setAutoscroll] = useState(true);
  const [, setRevision] = useState(0);
  const buffer = useMemo(() => new LogBuffer(), []);
  const scroller = useRef<HTMLDivElement>(null);
  const pendingRender = useRef(false);

  const params = {
    id: containerId,
    follow: options.follow,
    timestamps: options.timestamps,
    ...(options.tail === null ? {} : { tail: options.tail }),
    ...(options.since ? { since: Math.floor(new Date(options.since).getTime() / 1000) } : {}),
  };
  // A new request (other options) starts from an empty screen.
  const requestKey = JSON.stringify(params);
  useEffect(() => {
    buffer.clear();
    setRevision((r) => r + 1);
  }, [requestKey, buffer]);

  const stream = useStream({ hostId, type: "container.logs", params }, (frames) => {
    let changed = false;
    for (const f of frames) changed = buffer.push(f.s, f.d) || changed;
    // Many frames per second: render at most once per animation frame.
    if (changed && !pendingRender.current) {
      pendingRender.current = true;
      requestAnimationFrame(() => {
        pendingRender.current = false;
        setRevision((r) => r + 1);
      });
    }
  });
  useEffect(() => {
    if (stream.phase === "ended") {
      buffer.flush();
      setRevision((r) => r + 1);
    }
  }, [stream.phase, buffer]);

  useEffect(() => {
    if (autoscroll && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  });

  const matching = search ? buffer.lines.filter((l) => stripAnsi(l.text).toLowerCase().includes(search.toLowerCase())) : [];
  const visible = search && onlyMatches ? matching : buffer.lines;

  function download() {
    const blob = new Blob([stripAnsi(buffer.text())], { type: "text/plain" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${name || containerId}.log`;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-xs text-zinc-300">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={options.follow} onChange={(e) => setOptions({ ...options, follow: e.target.checked })} /> follow
        </label>
        <label className="flex items-center gap-1">
          tail
          <input
            data-testid="log-tail"
            className="w-20 rounded bg-zinc-900 px-1 py-0.5 ring-1 ring-zinc-700"
            type="number"
            min={0}
            placeholder="all"
            value={options.tail ?? ""}
            onChange={(e) => setOptions({ ...options, tail: e.target.value === "" ? null : Math.max(0, Number(e.target.value)) })}
          />
        </label>
        <label className="flex items-center gap-1">
          since
          <input className="rounded bg-zinc-900 px-1 py-0.5 ring-1 ring-zinc-700" type="datetime-local" value={options.since} onChange={(e) => setOptions({ ...options, since: e.target.value })} />
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={options.timestamps} onChange={(e) => setOptions({ ...options, timestamps: e.target.checked })} /> timestamps
        </label>
        <input data-testid="log-search" className="w-48 rounded bg-zinc-900 px-2 py-0.5 ring-1 ring-zinc-700" placeholder="search…" value={search} onChange={(e) => setSearch(e.target.value)} />
        {search && (
          <>
            <span data-testid="log-matches">{matching.length} matching lines</span>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} /> only matches
            </label>
          </>
        )}
        <Button onClick={() => setAutoscroll(!autoscroll)} data-testid="log-autoscroll">
          {autoscroll ? "Pause autoscroll" : "Resume autoscroll"}
        </Button>
        <Button onClick={download}>Download</Button>
        <Badge tone={stream.phase === "open" ? "green" : stream.phase === "failed" ? "red" : "zinc"} testId="log-state" live>
          {stream.phase === "open" ? (options.follow ? "following" : "reading") : stream.phase}
        </Badge>
        {buffer.dropped > 0 && <span className="text-zinc-500">{buffer.dropped} older lines dropped</span>}
      </div>
      {stream.error && <ErrorBanner message={stream.error} />}
      {/* Focusable, so the keyboard can scroll it (arrows, Page Up/Down); a region rather than
          role="log", which would read every line out while following. */}
      <div
        ref={scroller}
        tabIndex={0}
        role="region"
        aria-label="Log output"
        data-testid="log-output"
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          if (!atBottom && autoscroll) setAutoscroll(false);
          if (atBottom && !autoscroll) setAutoscroll(true);
        }}
        className="mono h-[60vh] overflow-auto rounded-lg border border-zinc-800 bg-black p-2 text-xs leading-5"
      >
        {visible.map((line) => (
          <div
            key={line.n}
            data-testid="log-line"
            data-stream={line.s}
            className={`whitespace-pre-wrap break-all border-l-2 pl-2 ${line.s === "err" ? "border-rose-500 text-rose-200" : "border-transparent text-zinc-200"}`}
            dangerouslySetInnerHTML={{ __html: lineHtml(line, search) }}
          />
        ))}
        {visible.length === 0 && <p className="text-zinc-500">{stream.phase === "opening" ? "Connecting…" : "No output."}</p>}
      </div>
      <p className="text-xs text-zinc-500">
        Without a TTY the engine multiplexes stdout and stderr on one connection (8-byte frame headers); the agent separates them, and stderr lines are marked in red. With a TTY both arrive as one raw stream.
      </p>
    </div>
  );
}
