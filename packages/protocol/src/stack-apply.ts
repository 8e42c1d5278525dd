import { z } from "zod";
import { ContainerCreateSpec } from "./container-spec";
import { ImageReference, RegistryLogin } from "./images";
import { NetworkCreateSpec } from "./network-spec";
import { VolumeCreateSpec } from "./volume-spec";

/**
 * Stacks (compose projects) on a host: the "stack.apply" stream that applies a plan step by step
 * on the agent, and the "stack.observe" request that lists what a project (or every project) has
 * on the host. The steps are the compose package's PlanStep, validated here: the agent runs no
 * step outside this closed union, and every container it creates passed ContainerCreateSpec.
 */

/** docker compose's rule for a project name (`-p`): lowercase letters, digits, - and _, starting with a letter or digit. */
export const ComposeProjectName = z
  .string()
  .min(1, "a project name is required")
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "a project name has lowercase letters, digits, - and _ (starting with a letter or digit)");

const Name = z.string().min(1).max(256).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be a docker object name");
const ServiceName = z.string().min(1).max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "a service name has letters, digits and _ . -");
const Id = z.string().min(1).max(256).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be a container id or name");
const Number_ = z.number().int().min(1).max(10_000);

export const StackDependsOn = z
  .object({
    service: ServiceName,
    condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]),
    required: z.boolean(),
    restart: z.boolean(),
  })
  .strict();
const WaitFor = z.array(StackDependsOn).max(200);
const Container = { service: ServiceName, container: Name };

export const StackApplyStep = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("network.create"), network: Name, spec: NetworkCreateSpec }).strict(),
  z.object({ kind: z.literal("volume.create"), volume: Name, spec: VolumeCreateSpec }).strict(),
  z.object({ kind: z.literal("service.create"), ...Container, number: Number_, spec: ContainerCreateSpec, waitFor: WaitFor }).strict(),
  z
    .object({ kind: z.literal("service.recreate"), ...Container, number: Number_, replaces: Id, spec: ContainerCreateSpec, waitFor: WaitFor, reasons: z.array(z.string().max(1024)).max(64) })
    .strict(),
  z.object({ kind: z.literal("service.start"), ...Container, number: z.number().int().min(0).max(10_000), id: Id, waitFor: WaitFor.optional() }).strict(),
  z.object({ kind: z.literal("service.unchanged"), ...Container, number: Number_, id: Id }).strict(),
  z.object({ kind: z.literal("container.remove"), service: z.string().max(128), container: Name, id: Id, reason: z.enum(["orphan", "scaled-down", "down"]) }).strict(),
  z.object({ kind: z.literal("container.stop"), service: z.string().max(128), container: Name, id: Id }).strict(),
  z.object({ kind: z.literal("container.restart"), service: z.string().max(128), container: Name, id: Id }).strict(),
  z.object({ kind: z.literal("network.remove"), network: Name, id: Id }).strict(),
  z.object({ kind: z.literal("volume.remove"), volume: Name }).strict(),
]);
export type StackApplyStep = z.infer<typeof StackApplyStep>;
export type StackApplyStepInput = z.input<typeof StackApplyStep>;
export type StackApplyStepKind = StackApplyStep["kind"];

/** An image the apply needs: pulled when missing (or always, for pull-and-redeploy), before any step runs. */
export const StackImagePull = z.object({ image: ImageReference, always: z.boolean().default(false), auth: RegistryLogin.optional() }).strict();

export const StackApplyParams = z
  .object({
    project: ComposeProjectName,
    steps: z.array(StackApplyStep).max(2_000, "a plan has at most 2000 steps"),
    pulls: z.array(StackImagePull).max(200).default([]),
    /** How long one depends_on condition (healthy, completed) may take before the step fails. */
    waitTimeoutSeconds: z.number().int().min(1).max(3_600).default(300),
    /** How many containers of independent services are created at once. */
    concurrency: z.number().int().min(1).max(32).default(8),
  })
  .strict()
  .superRefine((params, ctx) => {
    // Every container the apply creates is labelled as this project's: no step creates anything else.
    params.steps.forEach((step, i) => {
      if ((step.kind === "service.create" || step.kind === "service.recreate") && step.spec.labels?.["com.docker.compose.project"] !== params.project) {
        ctx.addIssue({ code: "custom", path: ["steps", i, "spec", "labels"], message: `the container must carry the label com.docker.compose.project=${params.project}` });
      }
    });
  });
export type StackApplyParams = z.input<typeof StackApplyParams>;

/** What the agent sends as input to a running stack.apply: stop before the next step (the result still comes). */
export const STACK_APPLY_CANCEL = "cancel";

export const StackStepStatus = z.enum(["running", "waiting", "done", "failed", "skipped"]);
/** How each step ended: done, failed (with the engine's words), skipped (nothing to do), or not attempted (after a failure or a cancel). */
export const StackStepOutcome = z.enum(["done", "failed", "skipped", "not-attempted"]);

const Message = z.string().max(4096).optional();

export const StackApplySummary = z
  .object({
    outcome: z.enum(["succeeded", "failed", "cancelled"]),
    steps: z.array(
      z.object({ step: z.number().int().min(0), kind: z.string(), service: z.string().optional(), container: z.string().optional(), status: StackStepOutcome, message: Message, containerId: z.string().optional() }).strict(),
    ).max(2_000),
    pulls: z.array(z.object({ image: z.string(), status: z.enum(["done", "failed", "present"]), message: Message }).strict()).max(200),
  })
  .strict();
export type StackApplySummary = z.infer<typeof StackApplySummary>;

/** Progress of stack.apply: per step (index into `steps`), per image pull, and last the summary. */
export const StackApplyFrame = z.union([
  z
    .object({ step: z.number().int().min(0), status: StackStepStatus, service: z.string().optional(), container: z.string().optional(), containerId: z.string().optional(), message: Message })
    .strict(),
  z.object({ pull: z.string(), status: z.enum(["running", "done", "failed"]), message: Message }).strict(),
  z.object({ summary: StackApplySummary }).strict(),
]);
export type StackApplyFrame = z.infer<typeof StackApplyFrame>;

// ---- stack.observe: what compose-labelled objects a host has ----
const Labels = z.record(z.string(), z.string());
export const StackObserveParams = z.object({ project: ComposeProjectName.optional() }).strict();
export const ObservedStack = z.object({
  containers: z.array(z.object({ id: z.string(), name: z.string(), state: z.string(), image: z.string(), imageId: z.string(), labels: Labels })),
  networks: z.array(z.object({ id: z.string(), name: z.string(), labels: Labels })),
  volumes: z.array(z.object({ name: z.string(), labels: Labels })),
  images: z.array(z.object({ id: z.string(), repoTags: z.array(z.string()) })),
});
export type ObservedStack = z.infer<typeof ObservedStack>;
