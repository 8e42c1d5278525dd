"use client";
import { useSyncExternalStore } from "react";
import { io, type Socket } from "socket.io-client";
import { UI_NAMESPACE, type ServerToUiEvents, type UiToServerEvents } from "@dockmaster/protocol";

export type UiSocket = Socket<ServerToUiEvents, UiToServerEvents>;

/**
 * Where the live channel stands. `failed` means socket.io gave up (the server refused the
 * handshake, e.g. the session expired); `reconnecting` means it keeps trying by itself;
 * `partial` means connected, but the server has lost the other control-plane instances (scale-out,
 * Redis down): events of agents they hold may be missed until it returns (then pages refetch).
 */
export type LiveStatus = { state: "connecting" | "live" | "partial" | "reconnecting" | "failed"; error: string | null };

let socket: UiSocket | null = null;
let status: LiveStatus = { state: "connecting", error: null };
const listeners = new Set<() => void>();

function setStatus(next: LiveStatus) {
  status = next;
  for (const listener of listeners) listener();
}

/** One /ui connection per tab (same origin); the HttpOnly session cookie authenticates it. */
export function uiSocket(): UiSocket {
  if (socket) return socket;
  const s: UiSocket = io(UI_NAMESPACE, { transports: ["websocket"], withCredentials: true });
  socket = s;
  setStatus({ state: "connecting", error: null });
  s.on("connect", () => setStatus({ state: "live", error: null }));
  s.on("cluster:link", ({ up }) => {
    if (s.connected) setStatus(up ? { state: "live", error: null } : { state: "partial", error: "the control-plane instances cannot reach each other" });
  });
  s.on("disconnect", (reason) => setStatus({ state: s.active ? "reconnecting" : "failed", error: reason }));
  s.on("connect_error", (error) => setStatus({ state: s.active ? "reconnecting" : "failed", error: error.message }));
  return s;
}

/** Closes the connection (logout); the next uiSocket() call dials again with the new cookie. */
export function closeUiSocket() {
  const s = socket;
  socket = null;
  s?.removeAllListeners();
  s?.close();
  setStatus({ state: "connecting", error: null });
}

/** After a refused handshake socket.io does not retry by itself. */
export function retryUiSocket() {
  const s = uiSocket();
  if (!s.connected) {
    setStatus({ state: "connecting", error: null });
    s.connect();
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, () => status, () => status);
}
