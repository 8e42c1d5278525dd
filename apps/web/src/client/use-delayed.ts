"use client";
import { useEffect, useState } from "react";

/**
 * `value` once it has held for `ms`; false at once when it turns false. For "refreshing…"-style
 * hints: a fetch that answers quickly shows nothing, so the page is not laid out and painted twice
 * while it waits (on the fleet page that repaint competed with the server for the CPU).
 */
export function useDelayed(value: boolean, ms: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!value) return;
    const timer = setTimeout(() => setShown(true), ms);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [value, ms]);
  return value && shown;
}
