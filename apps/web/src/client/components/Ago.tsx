"use client";
import { useSyncExternalStore } from "react";
import { relativeTime } from "../format";

/*
 * A shared display clock so "3 minutes ago" stays true while the page sits open. It only
 * re-renders labels; it never asks the server for anything.
 */
const TICK_MS = 15_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** One function for every label: a new one per render would have React re-check the store after each commit. */
const readNow = () => now;

export function useNow(): number {
  return useSyncExternalStore(subscribe, readNow, readNow);
}

/** Relative time with the absolute one as a tooltip. `date` may be a Date or epoch milliseconds. */
export function Ago({ date, className }: { date: Date | number | null | undefined; className?: string }) {
  useNow(); // re-render on the shared tick
  if (date === null || date === undefined) return <span className={className}>never</span>;
  const d = typeof date === "number" ? new Date(date) : date;
  return (
    // The server may render this (a page's first data comes with its HTML): its clock and locale
    // differ a little from the browser's, and the browser's text is the one to keep.
    <time dateTime={d.toISOString()} title={d.toLocaleString()} className={className} suppressHydrationWarning>
      {relativeTime(d)}
    </time>
  );
}
