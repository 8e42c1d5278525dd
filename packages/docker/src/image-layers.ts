import type { ImageHistoryStep, ImageLayer, ImageLayers, LayerWhiteout } from "@dockmaster/protocol";
import type { ArchiveScan, LayerScan, RawWhiteout, ScanLimits } from "./image-archive";
import { stepInstruction } from "./step-instruction";

/**
 * Joins a scanned `docker save` archive with the engine's history into "Dockerfile step → layer":
 * each history entry either produced the next layer (in rootfs.diff_ids order) or is metadata only
 * (`empty_layer`). Whiteouts are resolved against the layers below them: what a later `rm` hid
 * still costs space where it was added.
 */

/** One GET /images/{id}/history entry (newest first, as the engine lists them). */
export interface EngineHistoryEntry {
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

interface ConfigHistory {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

interface ImageConfig {
  history?: ConfigHistory[];
  rootfs?: { diff_ids?: string[] };
}

const MAX_HIDDEN_LISTED = 50;
const MAX_WHITEOUTS_LISTED = 200;

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** manifest.json of a single-image save: the config's archive path and the layer paths in order. */
function readManifest(scan: ArchiveScan): { config: ImageConfig | null; layerPaths: string[] } | null {
  const manifest = scan.json.get("manifest.json");
  const first = asObject(Array.isArray(manifest) ? manifest[0] : null);
  if (!Array.isArray(first.Layers) || typeof first.Config !== "string") return null;
  const configPath = first.Config.replace(/^\.?\//, "");
  const config = scan.json.get(configPath) as ImageConfig | undefined;
  return { config: config ?? null, layerPaths: first.Layers.map(String).map((p) => p.replace(/^\.?\//, "")) };
}

/** Whether `path` is `root` itself or lies under it ("" is the image root). */
const within = (path: string, root: string) => root === "" || path === root || path.startsWith(`${root}/`);

/** Does a whiteout in this layer already hide `path` from everything below it? */
const coveredBy = (layer: LayerScan, path: string) => layer.whiteouts.some((w) => (w.opaque ? within(path, w.path) && path !== w.path : within(path, w.path)));

/** The lower copies a whiteout at layer `index` hides: walk down until a layer's own whiteout covers the path. */
function resolveWhiteout(layers: Array<LayerScan | undefined>, index: number, whiteout: RawWhiteout): LayerWhiteout {
  const hidden: LayerWhiteout["hidden"] = [];
  let hiddenSize = 0;
  let hiddenFiles = 0;
  const add = (layerIndex: number, path: string, size: number) => {
    hiddenFiles += 1;
    hiddenSize += size;
    if (hidden.length < MAX_HIDDEN_LISTED) hidden.push({ layerIndex, path: `/${path}`, size });
  };
  for (let i = index - 1; i >= 0; i--) {
    const layer = layers[i];
    if (!layer) continue;
    const exact = layer.files.get(whiteout.path);
    if (!whiteout.opaque && exact !== undefined) add(i, whiteout.path, exact);
    else if (whiteout.opaque || layer.dirs.has(whiteout.path)) {
      // A directory: everything under it (an opaque marker keeps the directory itself).
      for (const [path, size] of layer.files) if (path !== whiteout.path && within(path, whiteout.path)) add(i, path, size);
    }
    if (coveredBy(layer, whiteout.path)) break;
  }
  return { path: `/${whiteout.path}`, entry: whiteout.entry, opaque: whiteout.opaque, hidden, hiddenSize, hiddenFiles };
}

function layerReport(layers: Array<LayerScan | undefined>, index: number, diffId: string | null): ImageLayer {
  const layer = layers[index];
  if (!layer?.complete) return { index, diffId, analysed: false, contentSize: layer?.contentSize ?? 0, entries: layer?.entries ?? 0, whiteouts: [], whiteoutCount: layer?.whiteouts.length ?? 0 };
  return {
    index,
    diffId,
    analysed: true,
    contentSize: layer.contentSize,
    entries: layer.entries,
    whiteouts: layer.whiteouts.slice(0, MAX_WHITEOUTS_LISTED).map((w) => resolveWhiteout(layers, index, w)),
    whiteoutCount: layer.whiteouts.length,
  };
}

const seconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) || 0 : 0);

/**
 * The report. `history` is the engine's (newest first) and gives sizes; the archive's config says
 * which steps are empty. Without a config (scan stopped before it) a zero-size step counts as empty.
 */
/** How many of an ADD/COPY layer's files the report lists. */
const ADDED_FILES_SHOWN = 5;

export function buildLayerReport(id: string, scan: ArchiveScan, history: EngineHistoryEntry[], limits: ScanLimits): ImageLayers {
  const manifest = readManifest(scan);
  const layers = (manifest?.layerPaths ?? []).map((p) => scan.layers.get(p));
  const diffIds = manifest?.config?.rootfs?.diff_ids ?? [];
  const engineSteps = [...history].reverse();
  const configSteps = manifest?.config?.history ?? [];
  const count = Math.max(engineSteps.length, configSteps.length);

  const steps: ImageHistoryStep[] = [];
  let layerIndex = 0;
  for (let i = 0; i < count; i++) {
    const fromEngine = engineSteps[i];
    const fromConfig = configSteps[i];
    const emptyLayer = fromConfig ? fromConfig.empty_layer === true : (fromEngine?.Size ?? 0) === 0;
    const layer = emptyLayer ? null : layerReport(layers, layerIndex, diffIds[layerIndex] ?? null);
    if (!emptyLayer) layerIndex += 1;
    const createdBy = fromEngine?.CreatedBy ?? fromConfig?.created_by ?? "";
    const described = stepInstruction(createdBy);
    const added = described.addsFiles && !emptyLayer ? [...(layers[layerIndex - 1]?.files ?? new Map<string, number>())] : [];
    steps.push({
      createdBy,
      instruction: described.instruction,
      instructionNote: described.note,
      addedFiles: added.slice(0, ADDED_FILES_SHOWN).map(([path, size]) => ({ path: `/${path.replace(/^\.?\//, "")}`, size })),
      addedFileCount: added.length,
      created: fromEngine?.Created ?? seconds(fromConfig?.created),
      comment: fromEngine?.Comment ?? fromConfig?.comment ?? "",
      emptyLayer,
      size: fromEngine?.Size ?? layer?.contentSize ?? 0,
      layer,
    });
  }
  const hiddenSize = steps.reduce((sum, s) => sum + (s.layer?.whiteouts.reduce((n, w) => n + w.hiddenSize, 0) ?? 0), 0);
  const truncated = scan.truncated ?? (manifest ? null : "the archive's manifest was not reached: layers could not be matched to steps");
  return { id, steps, layerCount: Math.max(diffIds.length, layerIndex), hiddenSize, scan: { bytesRead: scan.bytesRead, ...limits }, truncated };
}
