import { UI_NAMESPACE } from "@dockmaster/protocol";
import type { Server } from "socket.io";
import type { ClusterLink } from "./redis";

/**
 * Tells this instance's browsers whether it reaches the other instances. Emitted locally (not
 * through the adapter: the adapter is what is down), on every change and to a browser that
 * connects while the link is down.
 */
export function tellBrowsersAboutClusterLink(io: Server, link: ClusterLink): void {
  const ui = io.of(UI_NAMESPACE);
  link.onChange((up) => ui.local.emit("cluster:link", { up }));
  ui.on("connection", (socket) => {
    if (!link.up) socket.emit("cluster:link", { up: false });
  });
}
