"use client";
import { useEffect, useState } from "react";

/** `value` once it has not changed for `ms`: ask the server per pause in typing, not per key (stack editor, palette). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
