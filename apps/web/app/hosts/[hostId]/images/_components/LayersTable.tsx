"use client";
import type { ImageLayers, LayerWhiteout } from "@dockmaster/protocol";
import { bytes, relativeTime, shortId } from "../../../../../src/client/format";
import { Badge, Table } from "../../../../../src/client/components/ui";

/** The files an ADD/COPY step's layer holds: when the image lost the source line, the best account of what it added. */
function AddedFiles({ step }: { step: ImageLayers["steps"][number] }) {
  if (step.addedFileCount === 0) return null;
  return (
    <ul data-testid="added-files" className="mt-1 space-y-0.5 text-xs text-zinc-400">
      {step.addedFiles.map((f) => (
        <li key={f.path}>
          <span className="mono text-zinc-300">{f.path}</span> <span className="text-zinc-500">({bytes(f.size)})</span>
        </li>
      ))}
      {step.addedFileCount > step.addedFiles.length && <li className="text-zinc-500">… and {step.addedFileCount - step.addedFiles.length} more files</li>}
    </ul>
  );
}

function Whiteout({ w }: { w: LayerWhiteout }) {
  const where = [...new Set(w.hidden.map((h) => h.layerIndex))].map((i) => `layer ${i}`).join(", ");
  return (
    <li data-testid="whiteout" className="text-xs">
      <Badge tone="amber">whiteout</Badge> <span className="mono text-zinc-200">{w.path}</span>{" "}
      <span className="text-zinc-500">
        ({w.entry}
        {w.opaque ? ": opaque directory" : ""})
      </span>{" "}
      {w.hiddenFiles > 0 ? (
        <span className="text-amber-200">
          hides {w.hiddenFiles} file{w.hiddenFiles === 1 ? "" : "s"}, {bytes(w.hiddenSize)} still stored in {where}
        </span>
      ) : (
        <span className="text-zinc-500">hides nothing stored below</span>
      )}
    </li>
  );
}

/** Each Dockerfile step next to the layer it produced; empty (metadata) steps and whiteouts marked. */
export function LayersTable({ report }: { report: ImageLayers }) {
  return (
    <div className="space-y-2">
      {report.truncated && (
        <p role="status" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-2 text-xs text-amber-200">
          Partial analysis: {report.truncated}.
        </p>
      )}
      <p className="text-xs text-zinc-500">
        {report.layerCount} layers. A file deleted in a later step is only hidden: the later layer holds a whiteout entry (<span className="mono">.wh.&lt;name&gt;</span>) and the bytes stay in the layer that added them
        {report.hiddenSize > 0 ? <> — here <span className="text-amber-200">{bytes(report.hiddenSize)}</span> shipped but invisible</> : null}.
      </p>
      <Table head={["#", "Step", "Layer", "Size", "Created"]}>
        {report.steps.map((s, i) => (
          <tr key={i} data-testid="layer-row" data-empty={s.emptyLayer ? "true" : "false"} className="align-top hover:bg-zinc-900/70">
            <td className="px-3 py-2 text-xs text-zinc-500">{i + 1}</td>
            <td className="px-3 py-2">
              <div data-testid="step-instruction" className="mono break-all text-xs text-zinc-200" title={`as recorded: ${s.createdBy}`}>
                {s.instruction || <span className="text-zinc-500">(no instruction recorded{s.comment ? `: ${s.comment}` : ""})</span>}
              </div>
              {s.instruction && s.instructionNote && (
                <p data-testid="step-note" className="mt-0.5 text-[11px] text-zinc-500">
                  {s.instructionNote}
                </p>
              )}
              <AddedFiles step={s} />
              {s.layer && s.layer.whiteouts.length > 0 && (
                <ul className="mt-1.5 space-y-1">
                  {s.layer.whiteouts.map((w) => (
                    <Whiteout key={w.entry} w={w} />
                  ))}
                  {s.layer.whiteoutCount > s.layer.whiteouts.length && <li className="text-xs text-zinc-500">… and {s.layer.whiteoutCount - s.layer.whiteouts.length} more</li>}
                </ul>
              )}
            </td>
            <td className="px-3 py-2 text-xs">
              {s.emptyLayer ? (
                <Badge tone="zinc" testId="empty-step">
                  empty · metadata only
                </Badge>
              ) : s.layer ? (
                <span className="mono text-zinc-400" title={s.layer.diffId ?? undefined}>
                  {s.layer.index}: {s.layer.diffId ? shortId(s.layer.diffId) : "?"}
                  {s.layer.analysed ? <span className="block text-zinc-500">{s.layer.entries} entries</span> : <span className="block text-amber-300">not analysed</span>}
                </span>
              ) : null}
            </td>
            <td className="px-3 py-2 text-zinc-300">{s.emptyLayer ? "—" : bytes(s.size)}</td>
            <td className="px-3 py-2 text-xs text-zinc-400">{s.created ? relativeTime(s.created * 1000) : "—"}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
