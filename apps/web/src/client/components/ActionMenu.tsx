"use client";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

const ITEMS = '[role="menuitem"]:not(:disabled):not([aria-disabled="true"])';

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space or ArrowDown opens it on its first item,
 * ArrowUp on its last; arrows, Home and End move between items; Escape closes it and gives focus
 * back to the button; Tab, a click outside or choosing an item closes it. The items are the
 * children, each rendered with role="menuitem" by the caller.
 */
export function ActionMenu({ label, accessibleName, children, testId }: { label: ReactNode; accessibleName: string; children: ReactNode; testId?: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const focusAt = useRef<"first" | "last">("first");
  const id = useId();
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];

  useEffect(() => {
    if (!open) return;
    const list = items();
    (focusAt.current === "first" ? list[0] : list.at(-1))?.focus();
    const outside = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const openAt = (where: "first" | "last") => {
    focusAt.current = where;
    setOpen(true);
  };
  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      openAt(e.key === "ArrowDown" ? "first" : "last");
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 }[e.key];
    if (move !== undefined) {
      e.preventDefault();
      list[(move + list.length) % list.length]?.focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === "Tab") setOpen(false);
  };

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={accessibleName}
        onClick={() => (open ? setOpen(false) : openAt("first"))}
        onKeyDown={onButtonKey}
        className="touch-target whitespace-nowrap rounded bg-zinc-800 px-2.5 py-1 text-xs font-medium text-zinc-100 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-700"
      >
        {label}
      </button>
      {open && (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={accessibleName}
          onKeyDown={onMenuKey}
          // Choosing an item (a click, or Enter on it) closes the menu after the item's own handler.
          onClick={(e) => (e.target as HTMLElement).closest('[role="menuitem"]') && setOpen(false)}
          className="absolute right-0 z-10 mt-1 flex flex-col items-stretch gap-1 rounded border border-zinc-700 bg-zinc-900 p-1.5 shadow-lg"
        >
          {children}
        </div>
      )}
    </div>
  );
}
