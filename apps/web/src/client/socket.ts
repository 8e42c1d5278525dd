"use client";
import { io, type Socket } from "socket.io-client";
import { UI_NAMESPACE, type ServerToUiEvents, type UiToServerEvents } from "@dockmaster/protocol";

export type UiSocket = Socket<ServerToUiEvents, UiToServerEvents>;

let socket: UiSocket | null = null;

/** One /ui connection per tab; the session cookie authenticates it. */
export function uiSocket(): UiSocket {
  socket ??= io(UI_NAMESPACE, { transports: ["websocket"], withCredentials: true });
  return socket;
}

export function closeUiSocket() {
  socket?.close();
  socket = null;
}
