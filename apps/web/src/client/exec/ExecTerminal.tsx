"use client";
import { useEffect, useRef, useState } from "react";
import "@xterm/xterm/css/xterm.css";
import { splitWords } from "../container-form/shell-words";
import { uiSocket } from "../socket";
import { openStream, type StreamClient } from "../streams";
import { Badge, Button, ErrorBanner } from "../components/ui";

type Phase = { state: "idle" | "connecting" | "open" | "exited" | "failed"; message?: string };


/**
 * An interactive shell in the container (xterm.js over an exec stream): keystrokes go to the
 * process's stdin, its TTY output comes back as raw bytes, the terminal's size follows the page.
 * The session is audited when it starts and when it ends (with its exit code).
 */
export function ExecTerminal({ hostId, containerId }: { hostId: string; containerId: string }) {
  const host = useRef<HTMLDivElement>(null);
  // Where Ctrl+] sends focus: the terminal takes every other key (Tab and Escape belong to the shell).
  const exit = useRef<HTMLButtonElement>(null);
  const [command, setCommand] = useState("sh");
  const [argv, setArgv] = useState<string[]>(["sh"]);
  const [session, setSession] = useState(0); // bump to (re)connect
  const [phase, setPhase] = useState<Phase>({ state: "idle" });

  useEffect(() => {
    if (session === 0 || !host.current) return;
    let disposed = false;
    let stream: StreamClient | null = null;
    const cleanups: Array<() => void> = [];
    void (async () => {
      // xterm touches `window` when loaded: load it in the browser only.
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed || !host.current) return;
      const term = new Terminal({ cursorBlink: true, fontSize: 13, convertEol: false, theme: { background: "#000000" } });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      term.attachCustomKeyEventHandler((e) => {
        if (e.type === "keydown" && e.ctrlKey && (e.key === "]" || e.code === "BracketRight")) {
          e.preventDefault();
          exit.current?.focus();
          return false;
        }
        return true;
      });
      fit.fit();
      term.focus();
      cleanups.push(() => term.dispose());
      setPhase({ state: "connecting" });
      stream = openStream(uiSocket(), { hostId, type: "container.exec", params: { id: containerId, cmd: argv, tty: true, cols: term.cols, rows: term.rows } }, (frames) => {
        for (const f of frames) term.write(f.d);
      });
      const current = stream;
      current.ready.then(
        () => !disposed && setPhase({ state: "open" }),
        () => undefined,
      );
      void current.done.then((end) => {
        if (disposed) return;
        if (end.ok) {
          term.write(`\r\n\x1b[2m[process exited${end.result.exitCode === undefined ? "" : ` with code ${end.result.exitCode}`}]\x1b[0m\r\n`);
          setPhase({ state: "exited", message: end.result.exitCode === undefined ? undefined : `exit code ${end.result.exitCode}` });
        } else setPhase({ state: "failed", message: end.error.message });
      });
      const encoder = new TextEncoder();
      const typing = term.onData((data) => void current.input(encoder.encode(data)).catch(() => undefined));
      const resizing = term.onResize(({ cols, rows }) => current.resize(cols, rows));
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(host.current);
      cleanups.push(() => (typing.dispose(), resizing.dispose(), observer.disconnect()));
    })();
    return () => {
      disposed = true;
      stream?.cancel();
      for (const cleanup of cleanups.reverse()) cleanup();
    };
  }, [session, argv, hostId, containerId]);

  const running = phase.state === "connecting" || phase.state === "open";
  return (
    <div className="space-y-2">
      <form
        className="flex flex-wrap items-center gap-2 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          // "sh -c 'ls /'" → ["sh", "-c", "ls /"]; empty = the default shell. No shell runs it, so operators are refused.
          try {
            setArgv(splitWords(command) ?? ["sh"]);
            setSession((s) => s + 1);
          } catch (error) {
            setSession(0);
            setPhase({ state: "failed", message: `command: ${(error as Error).message}` });
          }
        }}
      >
        <label className="flex items-center gap-2 text-zinc-300">
          command
          <input data-testid="terminal-command" className="mono w-64 rounded bg-zinc-900 px-2 py-1 ring-1 ring-zinc-700" value={command} onChange={(e) => setCommand(e.target.value)} disabled={running} />
        </label>
        <Button ref={exit} type="submit" variant="primary" data-testid="terminal-connect">
          {running ? "Reconnect" : session === 0 ? "Connect" : "Run again"}
        </Button>
        {running && (
          <Button type="button" onClick={() => setSession(0) /* unmount → cancel */}>
            Close
          </Button>
        )}
        <Badge tone={phase.state === "open" ? "green" : phase.state === "failed" ? "red" : "zinc"} testId="terminal-state" live>
          {phase.state}
          {phase.message && phase.state === "exited" ? ` (${phase.message})` : ""}
        </Badge>
      </form>
      {phase.state === "failed" && phase.message && <ErrorBanner message={phase.message} />}
      <p id="terminal-keys" data-testid="terminal-keys" className="text-xs text-zinc-400">
        Every key typed in the terminal goes to the shell, Tab and Escape included. Press <kbd className="mono rounded bg-zinc-800 px-1">Ctrl</kbd>+<kbd className="mono rounded bg-zinc-800 px-1">]</kbd> to leave it (focus goes to the Reconnect button).
      </p>
      <div ref={host} role="region" aria-label="Terminal" aria-describedby="terminal-keys" data-testid="terminal" className="h-[60vh] rounded-lg border border-zinc-800 bg-black p-1" />
      <p className="text-xs text-zinc-500">An exec runs a new process inside the container&apos;s namespaces (same filesystem, network and PIDs) and cgroup; it is not a new container.</p>
    </div>
  );
}
