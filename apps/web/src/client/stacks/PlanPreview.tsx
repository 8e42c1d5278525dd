"use client";
import type { PlanStep } from "@dockmaster/compose";
import { Badge, Table, type Tone } from "../components/ui";
import { planRows, planSummary, type PlanAction } from "./plan-rows";

const TONE: Record<PlanAction, Tone> = { create: "green", recreate: "amber", start: "blue", stop: "zinc", restart: "blue", remove: "red", unchanged: "zinc" };

/** What a deploy would do, before anything happens: create / recreate (and why) / remove / unchanged. */
export function PlanPreview({ steps, hostName }: { steps: readonly PlanStep[]; hostName: string }) {
  const rows = planRows(steps);
  return (
    <section aria-label={`Plan on ${hostName}`} className="space-y-2" data-testid="stack-plan">
      <p className="text-sm text-zinc-300">
        On <strong>{hostName}</strong>: <span data-testid="plan-summary">{planSummary(rows)}</span>.
      </p>
      <Table head={["", "What", "Containers", "Why"]}>
        {rows.map((r, i) => (
          <tr key={i} data-testid="plan-row" data-action={r.action} data-subject={r.subject}>
            <td className="px-3 py-1.5">
              <Badge tone={TONE[r.action]}>{r.action}</Badge>
            </td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-200">
              {r.kind === "service" || r.kind === "orphan" ? r.subject : `${r.kind} ${r.subject}`}
            </td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-400">{r.containers.join(", ")}</td>
            <td className="px-3 py-1.5 text-xs text-zinc-400">{r.reasons.join(", ")}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
