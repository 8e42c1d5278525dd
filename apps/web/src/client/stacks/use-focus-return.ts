"use client";
import { useRef } from "react";

/**
 * Focus back where it was after a dialog closes: `remember` when it opens (the focused button),
 * `restore` when it closes — React unmounts the dialog, so the browser's own return does not run.
 */
export function useFocusReturn() {
  const opener = useRef<HTMLElement | null>(null);
  return {
    remember: () => void (opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null),
    restore: () => requestAnimationFrame(() => opener.current?.focus()),
  };
}
