import type { ComposeProject, LoadInput, LoadResult, ObservedState, Plan } from "@dockmaster/compose";

/**
 * What the stacks procedures need of the compose engine and the agent, as a port: the control
 * plane wires the real ones (packages/compose's loader and planner, packages/realtime's
 * applyStack and the lifecycle requests); unit tests pass fakes.
 */
export interface ApplyRequest {
  project: ComposeProject;
  plan: Plan;
  /** Pull every image before creating (pull-and-redeploy). */
  pull: boolean;
}

/** One line of progress, per service when it is about one ("web: created", "db: healthy"). */
export interface ApplyProgress {
  service?: string;
  message: string;
}

/** What the apply did: counts and names per kind of step; on failure, where it stopped. */
export interface ApplySummary {
  created: string[];
  recreated: string[];
  removed: string[];
  unchanged: string[];
  [key: string]: unknown;
}

export type StackLifecycleAction = "start" | "stop" | "restart" | "down";

export interface StackEngine {
  /** parse → validate → interpolate → normalise (packages/compose loadProject). Pure. */
  load(input: LoadInput): LoadResult;
  /** desired vs observed (packages/compose planProject). Pure. */
  plan(project: ComposeProject, observed: ObservedState): Plan;
  /**
   * Applies a plan on a host through its agent (the "stack.apply" stream), reporting progress;
   * resolves with the summary, rejects (AppError) with what was and was not done when a step
   * fails or `signal` aborts.
   */
  apply(hostId: string, request: ApplyRequest, onProgress: (progress: ApplyProgress) => void, signal: AbortSignal): Promise<ApplySummary>;
  /** start / stop / restart / down of the containers labelled with the project (down: removes them, its networks, and its named volumes only with removeVolumes). */
  lifecycle(hostId: string, project: string, action: StackLifecycleAction, options: { removeVolumes: boolean }): Promise<void>;
}
