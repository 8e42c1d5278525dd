"use client";
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Command } from "cmdk";
import { PaletteResults } from "./PaletteResults";
import { isPaletteShortcut } from "./palette-open-key";

/**
 * Ctrl/⌘-K anywhere, or the top bar's button: a dialog to jump to a page, a host or a container
 * (or its logs) by typing. cmdk gives the keyboard (arrows, Enter) and its Radix dialog traps focus,
 * closes on Escape; focus then goes back to what had it before (the button, or the focused element
 * where Ctrl-K was pressed), which Radix alone does not do for a dialog opened without its Trigger.
 */
export function CommandPalette({ pages }: { pages: Array<{ href: string; label: string }> }) {
  const [open, setOpen] = useState(false);
  const openRef = useRef(open);
  openRef.current = open;
  const [typed, setTyped] = useState("");
  const router = useRouter();
  const opener = useRef<HTMLElement | null>(null);
  function toggle(next: boolean) {
    if (next) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    else requestAnimationFrame(() => opener.current?.focus());
    setOpen(next);
  }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteShortcut(e)) return;
      e.preventDefault();
      toggle(!openRef.current);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  function go(href: string) {
    toggle(false);
    setTyped("");
    router.push(href);
  }
  return (
    <>
      <button
        type="button"
        onClick={() => toggle(true)}
        data-testid="palette-open"
        className="rounded px-2 py-1 text-xs text-zinc-400 ring-1 ring-zinc-700 hover:text-white"
        aria-keyshortcuts="Control+K Meta+K"
      >
        Search <kbd className="mono text-zinc-400">Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={toggle}
        label="Command palette"
        shouldFilter={false}
        overlayClassName="fixed inset-0 z-40 bg-black/50"
        contentClassName="fixed left-1/2 top-24 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-700 bg-zinc-900 shadow-2xl"
      >
        <Command.Input
          value={typed}
          onValueChange={setTyped}
          placeholder="Jump to a page, host, container, image, network, volume or stack…"
          aria-label="Search pages, hosts, containers, images, networks, volumes and stacks"
          className="w-full border-b border-zinc-800 bg-transparent px-4 py-3 text-sm text-zinc-100 outline-none placeholder:text-zinc-400"
        />
        {open && <PaletteResults typed={typed} pages={pages} go={go} />}
      </Command.Dialog>
    </>
  );
}
