import type { ProgressFrame } from "@dockmaster/protocol";

/** One layer's state during a pull or push, folded from the engine's progress messages. */
export interface LayerProgress {
  id: string;
  status: string;
  current: number;
  total: number;
  done: boolean;
}

export interface TransferState {
  layers: LayerProgress[];
  /** Messages without a layer id ("Pulling from …", "Digest: …", "Status: …"). */
  messages: string[];
}

const DONE = /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from|Download complete)/;

export function foldProgress(state: TransferState, frames: ProgressFrame[]): TransferState {
  const layers = new Map(state.layers.map((l) => [l.id, l]));
  const messages = [...state.messages];
  for (const f of frames) {
    // The first message carries the tag as its "id" ("Pulling from library/x" with id "latest"): not a layer.
    if (!f.id || /^Pulling from |^The push refers to/.test(f.status)) {
      messages.push(f.id && !f.status.includes(f.id) ? `${f.status} (${f.id})` : f.status);
      continue;
    }
    const before = layers.get(f.id) ?? { id: f.id, status: "", current: 0, total: 0, done: false };
    const done = before.done || DONE.test(f.status);
    layers.set(f.id, {
      id: f.id,
      status: f.status,
      current: f.current ?? (done ? before.total : before.current),
      total: f.total ?? before.total,
      done,
    });
  }
  return { layers: [...layers.values()], messages: messages.slice(-20) };
}

/** Overall fraction: finished layers count whole, others by bytes where the engine said the size. */
export function overallFraction(layers: LayerProgress[]): number {
  if (layers.length === 0) return 0;
  const parts = layers.map((l) => (l.done ? 1 : l.total > 0 ? Math.min(1, l.current / l.total) : 0));
  return parts.reduce((a, b) => a + b, 0) / layers.length;
}
