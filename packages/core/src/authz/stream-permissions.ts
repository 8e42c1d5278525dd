import type { BrowserStreamType, StreamType } from "@dockmaster/protocol";
import type { Permission } from "./catalogue";

/**
 * The permission each socket stream needs on its host — part of the one catalogue: the /ui
 * gateway checks it when a stream opens and again whenever the user's access changes. Server-only
 * streams (stack.apply) have none: no browser may open them, whatever it holds.
 */
export const STREAM_PERMISSIONS = {
  "container.logs": "container.logs",
  "container.stats": "container.view",
  "host.stats": "container.view",
  "container.exec": "container.exec",
  "image.pull": "image.pull",
  "image.push": "image.push",
  "image.build": "image.build",
} as const satisfies Record<BrowserStreamType, Permission>;

/** Streams that change the host (audited like mutations, with their outcome when they end). */
export const MUTATING_STREAMS: ReadonlySet<StreamType> = new Set(["container.exec", "image.pull", "image.push", "image.build"]);
