"use client";

interface Props {
  policy: { mode: "notify" | "auto"; source: "label" | "stack" | "default"; invalid?: string };
  stack?: { name: string; service: string };
}

/** A container's update policy and where it comes from (its label, its stack, the default); a stack service is updated by redeploying it. */
export function PolicyCell({ policy, stack }: Props) {
  const from = policy.source === "label" ? "label io.dockmaster.update" : policy.source === "stack" ? "stack policy" : "default";
  return (
    <div className="text-xs" data-testid="update-policy" data-mode={policy.mode}>
      <span className={policy.mode === "auto" ? "text-sky-300" : "text-zinc-300"}>{policy.mode === "auto" ? "auto in window" : "notify"}</span>
      <span className="text-zinc-500"> · {from}</span>
      {policy.invalid && <div className="text-amber-300">label value “{policy.invalid}” is not notify or auto</div>}
      {stack && (
        <div className="text-zinc-500">
          stack {stack.name}, service {stack.service}
        </div>
      )}
    </div>
  );
}
