"use client";
import { useTranslations } from "next-intl";
import type { ImageLayers, LayerWhiteout } from "@dockmaster/protocol";
import { bytes, relativeTime, shortId } from "../../../../../src/client/format";
import { Badge, Table } from "../../../../../src/client/components/ui";

/** The files an ADD/COPY step's layer holds: when the image lost the source line, the best account of what it added. */
function AddedFiles({ step }: { step: ImageLayers["steps"][number] }) {
  const t = useTranslations("layers");
  if (step.addedFileCount === 0) return null;
  return (
    <ul data-testid="added-files" className="mt-1 space-y-0.5 text-xs text-zinc-400">
      {step.addedFiles.map((f) => (
        <li key={f.path}>
          <span className="mono text-zinc-300">{f.path}</span> <span className="text-zinc-500">({bytes(f.size)})</span>
        </li>
      ))}
      {step.addedFileCount > step.addedFiles.length && <li className="text-zinc-500">{t("moreFiles", { count: step.addedFileCount - step.addedFiles.length })}</li>}
    </ul>
  );
}

function Whiteout({ w }: { w: LayerWhiteout }) {
  const t = useTranslations("layers");
  const where = [...new Set(w.hidden.map((h) => h.layerIndex))].map((index) => t("layerNumber", { index })).join(", ");
  return (
    <li data-testid="whiteout" className="text-xs">
      <Badge tone="amber">{t("whiteout")}</Badge> <span className="mono text-zinc-200">{w.path}</span>{" "}
      <span className="text-zinc-500">({w.opaque ? t("opaque", { entry: w.entry }) : w.entry})</span>{" "}
      {w.hiddenFiles > 0 ? (
        <span className="text-amber-200">{t("hides", { count: w.hiddenFiles, size: bytes(w.hiddenSize), where })}</span>
      ) : (
        <span className="text-zinc-500">{t("hidesNothing")}</span>
      )}
    </li>
  );
}

/** Each Dockerfile step next to the layer it produced; empty (metadata) steps and whiteouts marked. */
export function LayersTable({ report }: { report: ImageLayers }) {
  const t = useTranslations("layers");
  return (
    <div className="space-y-2">
      {report.truncated && (
        <p role="status" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-2 text-xs text-amber-200">
          {t("partial", { reason: report.truncated })}
        </p>
      )}
      <p className="text-xs text-zinc-500">
        {t.rich("summary", { count: report.layerCount, mono: (chunks) => <span className="mono">{chunks}</span> })}
        {report.hiddenSize > 0 && <> {t.rich("hiddenBytes", { size: bytes(report.hiddenSize), amber: (chunks) => <span className="text-amber-200">{chunks}</span> })}</>}
      </p>
      <Table head={[t("head.number"), t("head.step"), t("head.layer"), t("head.size"), t("head.created")]}>
        {report.steps.map((s, i) => (
          <tr key={i} data-testid="layer-row" data-empty={s.emptyLayer ? "true" : "false"} className="align-top hover:bg-zinc-900/70">
            <td className="px-3 py-2 text-xs text-zinc-500">{i + 1}</td>
            <td className="px-3 py-2">
              <div data-testid="step-instruction" className="mono break-all text-xs text-zinc-200" title={t("asRecorded", { createdBy: s.createdBy })}>
                {s.instruction || <span className="text-zinc-500">{s.comment ? t("noInstructionComment", { comment: s.comment }) : t("noInstruction")}</span>}
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
                  {s.layer.whiteoutCount > s.layer.whiteouts.length && <li className="text-xs text-zinc-500">{t("more", { count: s.layer.whiteoutCount - s.layer.whiteouts.length })}</li>}
                </ul>
              )}
            </td>
            <td className="px-3 py-2 text-xs">
              {s.emptyLayer ? (
                <Badge tone="zinc" testId="empty-step">
                  {t("emptyStep")}
                </Badge>
              ) : s.layer ? (
                <span className="mono text-zinc-400" title={s.layer.diffId ?? undefined}>
                  {s.layer.index}: {s.layer.diffId ? shortId(s.layer.diffId) : "?"}
                  {s.layer.analysed ? <span className="block text-zinc-500">{t("entries", { count: s.layer.entries })}</span> : <span className="block text-amber-300">{t("notAnalysed")}</span>}
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
