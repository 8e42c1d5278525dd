"use client";
import { useSyncExternalStore } from "react";
import { statusNow } from "./status-text";

/*
 * One shared one-second beat for every status text on screen. Each row reads its text through
 * useSyncExternalStore, so a beat re-renders only the rows whose text changed (a string compares
 * by value): "Up 5 seconds" each second, "Up 3 hours" about once an hour.
 */
const BEAT_MS = 1_000;
const listeners = new Set<() => void>();
let beat: ReturnType<typeof setInterval> | null = null;

function onBeat(listener: () => void) {
  listeners.add(listener);
  beat ??= setInterval(() => listeners.forEach((l) => l()), BEAT_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || !beat) return;
    clearInterval(beat);
    beat = null;
  };
}

/** A container's status text kept current (statusNow); as stored while the page hydrates. */
export function useStatusNow(status: string, statusAt: Date): string {
  return useSyncExternalStore(
    onBeat,
    () => statusNow(status, statusAt, Date.now()),
    () => status,
  );
}
