"use client";
import type { AuditVerifyResult } from "@dockmaster/core";
import { Button } from "../components/ui";

/** Saves the signed head (an anchor file) the verification returned, for the operator to keep elsewhere. */
function downloadHead(file: string) {
  const head = JSON.parse(file) as { seq: number };
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([file], { type: "application/json" }));
  link.download = `dockmaster-audit-head-${head.seq}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * What "Verify chain" found: intact (with the newest anchor and a signed head to download), or the
 * first broken or missing record — also records cut off the end, named as a range.
 */
export function VerifyResult({ result }: { result: AuditVerifyResult }) {
  const tone = result.ok ? "border-emerald-700/60 bg-emerald-950/50 text-emerald-200" : "border-rose-700/60 bg-rose-950/60 text-rose-200";
  return (
    <div role="status" data-testid="audit-verify" className={`space-y-1 rounded border px-4 py-3 text-sm ${tone}`}>
      {result.ok ? (
        <div className="flex flex-wrap items-center gap-3">
          <span>
            Chain intact: {result.count} records verified.{" "}
            {result.anchoredSeq === null ? "No signed anchor yet." : `Signed anchor up to record ${result.anchoredSeq} (${result.anchors} checked).`}
          </span>
          {result.signedHeadFile && (
            <Button onClick={() => downloadHead(result.signedHeadFile!)} title="A signed statement of the chain's head: keep it outside this server, and check it later with npm run audit:verify -- --anchor FILE">
              Download signed head
            </Button>
          )}
        </div>
      ) : (
        <>
          <div>
            Chain broken at record {result.brokenAt}: {result.reason}
          </div>
          {result.missing && (
            <div data-testid="audit-verify-missing" className="font-medium">
              {result.missing.count === 1 ? `Record ${result.missing.from} is missing` : `Records ${result.missing.from}–${result.missing.to} (${result.missing.count}) are missing`} from the end of the trail: records were deleted.
            </div>
          )}
          {result.problems.slice(1).map((problem) => (
            <div key={problem} className="text-xs opacity-80">
              Also: {problem}
            </div>
          ))}
        </>
      )}
      {result.warnings.map((warning) => (
        <div key={warning} className="text-xs text-amber-200">
          {warning}
        </div>
      ))}
    </div>
  );
}
