import type { StackApplyParams, StackApplyStepInput } from "@dockmaster/protocol";
import type { Plan } from "../model";

/**
 * A plan as the params of the agent's "stack.apply" stream. Typed so that every PlanStep is a step
 * the protocol accepts: a step kind added to one and not the other fails the build.
 */
export function applyParams(plan: Plan, options: Omit<StackApplyParams, "project" | "steps"> = {}): StackApplyParams {
  const steps: StackApplyStepInput[] = plan.steps;
  return { project: plan.project, steps, ...options };
}
