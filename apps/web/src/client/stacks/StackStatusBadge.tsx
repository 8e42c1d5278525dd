"use client";
import { Badge, type Tone } from "../components/ui";

/** A stack's state on a host (the control plane's status from the fleet snapshot). */
const LOOK: Record<string, { tone: Tone; text: string; hint: string }> = {
  running: { tone: "green", text: "running", hint: "every container of the deployed revision runs" },
  partial: { tone: "amber", text: "partial", hint: "some containers run, some do not" },
  stopped: { tone: "zinc", text: "stopped", hint: "no container of the stack runs" },
  drifted: { tone: "red", text: "drifted", hint: "what runs differs from the deployed revision (changed outside the stack)" },
  "not-deployed": { tone: "blue", text: "not deployed", hint: "never deployed on this host" },
};

export function StackStatusBadge({ status }: { status: string }) {
  const look = LOOK[status] ?? { tone: "zinc" as const, text: status, hint: "" };
  return (
    <span title={look.hint}>
      <Badge tone={look.tone} testId="stack-status">
        {look.text}
      </Badge>
    </span>
  );
}
