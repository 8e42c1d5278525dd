"use client";
import { useEffect, useRef, useState } from "react";
import type { FrameOf, StreamParamsOf, StreamResult, StreamType } from "@dockmaster/protocol";
import { uiSocket } from "./socket";
import { openStream, type StreamClient } from "./streams";

export type StreamState = { phase: "idle" | "opening" | "open" | "ended" | "failed"; error: string | null; result: StreamResult | null };

/**
 * Keeps one stream open while the component is mounted and `request` stays the same (compared by
 * value); a new request cancels the old stream first. `null` opens nothing.
 */
export function useStream<T extends StreamType>(
  request: { hostId: string; type: T; params: StreamParamsOf<T> } | null,
  onFrames: (frames: Array<FrameOf<T>>) => void,
): StreamState & { client: StreamClient | null } {
  const [state, setState] = useState<StreamState>({ phase: "idle", error: null, result: null });
  const [client, setClient] = useState<StreamClient | null>(null);
  const framesRef = useRef(onFrames);
  framesRef.current = onFrames;
  const requestRef = useRef(request);
  requestRef.current = request;
  const key = request ? JSON.stringify(request) : null; // a new stream only when the request's value changes

  useEffect(() => {
    const current = requestRef.current;
    if (!key || !current) return;
    let live = true;
    const stream = openStream(uiSocket(), current, (frames) => live && framesRef.current(frames));
    setClient(stream);
    setState({ phase: "opening", error: null, result: null });
    stream.ready.then(
      () => live && setState((s) => (s.phase === "opening" ? { ...s, phase: "open" } : s)),
      () => undefined, // `done` reports the refusal
    );
    void stream.done.then((end) => {
      if (!live) return;
      setState(end.ok ? { phase: "ended", error: null, result: end.result } : { phase: "failed", error: end.error.message, result: null });
    });
    return () => {
      live = false;
      stream.cancel();
    };
  }, [key]);

  return { ...state, client };
}
