import { appErrorFromProtocol } from "@dockmaster/core";
import type { ProgressFrame, RegistryLogin } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";

/**
 * Pulls an image on a host through its agent (the image.pull stream) for the server itself (bulk
 * actions): resolves when the engine finished, rejects with the engine's words otherwise.
 * `onProgress` gets the latest status line ("<layer>: Downloading 3.1 MB / 12 MB").
 */
export function pullImage(hub: SocketAgentHub, hostId: string, ref: string, auth: RegistryLogin | undefined, onProgress: (line: string) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    hub.streams
      .open(hostId, "image.pull", { ref, ...(auth ? { auth } : {}) }, {
        frames: (frames) => {
          const last = frames[frames.length - 1] as ProgressFrame | undefined;
          if (last) onProgress(`${last.id ? `${last.id}: ` : ""}${last.status}${last.total ? ` ${last.current ?? 0}/${last.total}` : ""}`);
          return Promise.resolve();
        },
        end: (end) => (end.ok ? resolve() : reject(appErrorFromProtocol(end.error))),
      })
      .catch(reject);
  });
}
