import { z } from "zod";
import { ContainerInspect, ContainerSummary, EngineInfo, ImageSummary } from "./dto";
import { ProtocolError } from "./errors";
import { ImageDeleteResult, ImageIdOrReference, ImageInspect, ImageLayers, ImagePrunePreview, ImagePruneResult, ImageRepository, ImageTag, PruneMode, RegistryLogin, RepoTag } from "./images";
import { NetworkConnectSpec, NetworkCreateSpec, NetworkDetail, NetworkPrunePreview, NetworkSummary, RemovalReport } from "./network-spec";
import { VolumeConfig, VolumeCreateSpec, VolumeDetail, VolumePrunePreview, VolumeSummary } from "./volume-spec";
import { PruneAllPreview, PruneAllResult, SystemDf } from "./system-df";
import { PortPath } from "./port-path";
import { ContainerCreateSpec, ContainerName, ContainerSignal } from "./container-spec";
import { ObservedStack, StackObserveParams } from "./stack-apply";
import { AgentUpgradeParams, AgentUpgradeResult } from "./agent-upgrade";
import { ContainerPath, DirectoryListing, PathStat } from "./container-files";

/** Docker object ids or names: what the Engine API accepts in a path segment. */
export const ObjectRef = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be a container id or name");

const StopTimeout = z.number().int().min(0).max(600).optional();

/**
 * The closed set of requests the control plane may send an agent: type → params schema.
 * Adding a capability means adding it here, with its result below.
 */
export const RequestParams = {
  "engine.info": z.object({}).strict(),
  // networks, volumes, disk usage and prune (prune takes only objects older than the preview's `at`/`until`)
  "network.list": z.object({}).strict(),
  "network.inspect": z.object({ id: ObjectRef }).strict(),
  "network.create": z.object({ spec: NetworkCreateSpec }).strict(),
  "network.remove": z.object({ id: ObjectRef }).strict(),
  "network.connect": z.object({ spec: NetworkConnectSpec }).strict(),
  "network.disconnect": z.object({ network: ObjectRef, container: ObjectRef, force: z.boolean().default(false) }).strict(),
  "network.prunePreview": z.object({}).strict(),
  "network.prune": z.object({ until: z.number().int().min(0) }).strict(),
  "volume.list": z.object({}).strict(),
  "volume.inspect": z.object({ name: ObjectRef }).strict(),
  "volume.config": z.object({ name: ObjectRef }).strict(),
  "volume.create": z.object({ spec: VolumeCreateSpec }).strict(),
  "volume.remove": z.object({ name: ObjectRef, force: z.boolean().default(false) }).strict(),
  "volume.prunePreview": z.object({}).strict(),
  "volume.prune": z.object({ names: z.array(ObjectRef).max(10_000) }).strict(),
  "system.df": z.object({}).strict(),
  "system.prunePreview": z.object({ allImages: z.boolean().default(false), namedVolumes: z.boolean().default(false) }).strict(),
  "system.prune": z.object({ at: z.number().int().min(0), allImages: z.boolean().default(false), volumes: z.array(ObjectRef).max(10_000) }).strict(),
  "container.portPath": z.object({ id: ObjectRef }).strict(),
  "container.list": z.object({ all: z.boolean().default(true) }).strict(),
  "container.inspect": z.object({ id: ObjectRef }).strict(),
  "container.start": z.object({ id: ObjectRef }).strict(),
  "container.stop": z.object({ id: ObjectRef, timeoutSeconds: StopTimeout }).strict(),
  "container.restart": z.object({ id: ObjectRef, timeoutSeconds: StopTimeout }).strict(),
  "container.remove": z.object({ id: ObjectRef, force: z.boolean().default(false) }).strict(),
  "container.create": z.object({ spec: ContainerCreateSpec, start: z.boolean().default(false) }).strict(),
  "container.kill": z.object({ id: ObjectRef, signal: ContainerSignal.default("SIGKILL") }).strict(),
  "container.pause": z.object({ id: ObjectRef }).strict(),
  "container.unpause": z.object({ id: ObjectRef }).strict(),
  "container.rename": z.object({ id: ObjectRef, name: ContainerName }).strict(),
  // a container's files (container-files.ts): stat one path (HEAD archive), list a directory (GET archive, headers only)
  "container.files.stat": z.object({ id: ObjectRef, path: ContainerPath }).strict(),
  "container.files.list": z.object({ id: ObjectRef, path: ContainerPath }).strict(),
  "image.list": z.object({}).strict(),
  "image.inspect": z.object({ id: ImageIdOrReference }).strict(),
  "image.layers": z.object({ id: ImageIdOrReference }).strict(),
  "image.tag": z.object({ id: ImageIdOrReference, repo: ImageRepository, tag: ImageTag }).strict(),
  "image.remove": z.object({ id: ImageIdOrReference, force: z.boolean().default(false) }).strict(),
  // Removes one name of image `id` (never by id: a second name keeps the image; the last name deletes it).
  "image.untag": z.object({ id: ImageIdOrReference, reference: RepoTag }).strict(),
  "image.prunePreview": z.object({ mode: PruneMode }).strict(),
  "image.prune": z.object({ mode: PruneMode, until: z.number().int().min(0) }).strict(),
  // Checks credentials with the engine's POST /auth; the password is never logged by the agent.
  "registry.checkAuth": z.object({ auth: RegistryLogin }).strict(),
  // compose projects: the containers, networks and volumes labelled com.docker.compose.project (=project, or any), and the images
  "stack.observe": StackObserveParams,
  // The agent replaces itself with the artifact of its kind (bundle or single executable), checked
  // against its SHA-256, then restarts: agent-upgrade.ts.
  "agent.upgrade": AgentUpgradeParams,
} as const;

export const RequestResults = {
  "engine.info": EngineInfo,
  "network.list": z.array(NetworkSummary),
  "network.inspect": NetworkDetail,
  "network.create": z.object({ id: z.string() }),
  "network.remove": z.object({ id: z.string() }),
  "network.connect": z.object({ network: z.string(), container: z.string() }),
  "network.disconnect": z.object({ network: z.string(), container: z.string() }),
  "network.prunePreview": NetworkPrunePreview,
  "network.prune": RemovalReport,
  "volume.list": z.array(VolumeSummary),
  "volume.inspect": VolumeDetail,
  "volume.config": VolumeConfig,
  "volume.create": VolumeDetail,
  "volume.remove": z.object({ name: z.string() }),
  "volume.prunePreview": VolumePrunePreview,
  "volume.prune": RemovalReport,
  "system.df": SystemDf,
  "system.prunePreview": PruneAllPreview,
  "system.prune": PruneAllResult,
  "container.portPath": PortPath,
  "container.list": z.array(ContainerSummary),
  "container.inspect": ContainerInspect,
  "container.start": z.object({ id: z.string() }),
  "container.stop": z.object({ id: z.string() }),
  "container.restart": z.object({ id: z.string() }),
  "container.remove": z.object({ id: z.string() }),
  "container.create": z.object({ id: z.string(), started: z.boolean() }),
  "container.kill": z.object({ id: z.string() }),
  "container.pause": z.object({ id: z.string() }),
  "container.unpause": z.object({ id: z.string() }),
  "container.rename": z.object({ id: z.string() }),
  "container.files.stat": PathStat,
  "container.files.list": DirectoryListing,
  "image.list": z.array(ImageSummary),
  "image.inspect": ImageInspect,
  "image.layers": ImageLayers,
  "image.tag": z.object({ id: z.string(), reference: z.string() }),
  "image.remove": ImageDeleteResult,
  "image.untag": ImageDeleteResult,
  "image.prunePreview": ImagePrunePreview,
  "image.prune": ImagePruneResult,
  "registry.checkAuth": z.object({ status: z.string() }),
  "stack.observe": ObservedStack,
  "agent.upgrade": AgentUpgradeResult,
} as const satisfies Record<keyof typeof RequestParams, z.ZodType>;

export type RequestType = keyof typeof RequestParams;
export const REQUEST_TYPES = Object.keys(RequestParams) as RequestType[];
export type RequestParamsOf<T extends RequestType> = z.input<(typeof RequestParams)[T]>;
export type ParsedParamsOf<T extends RequestType> = z.output<(typeof RequestParams)[T]>;
export type ResultOf<T extends RequestType> = z.output<(typeof RequestResults)[T]>;

/** The envelope on the wire; `params` is validated against RequestParams[type] on both ends. */
export const RequestEnvelope = z.object({
  id: z.string().min(1).max(100), // correlation id
  type: z.string().min(1).max(100),
  params: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;

export const ResponseEnvelope = z.discriminatedUnion("ok", [
  z.object({ id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.string(), ok: z.literal(false), error: ProtocolError }),
]);
export type ResponseEnvelope = z.infer<typeof ResponseEnvelope>;

export function isRequestType(type: string): type is RequestType {
  return Object.hasOwn(RequestParams, type);
}

/** A typed, validated request: `{ ok: false }` names the problem instead of throwing. */
export function parseRequest(
  envelope: unknown,
): { ok: true; id: string; type: RequestType; params: unknown } | { ok: false; id: string; error: ProtocolError } {
  const env = RequestEnvelope.safeParse(envelope);
  if (!env.success) {
    const id = typeof (envelope as { id?: unknown } | null)?.id === "string" ? (envelope as { id: string }).id : "";
    return { ok: false, id, error: { code: "BAD_REQUEST", message: `malformed request envelope: ${env.error.issues[0]?.message ?? "invalid"}` } };
  }
  const { id, type } = env.data;
  if (!isRequestType(type)) {
    return { ok: false, id, error: { code: "UNKNOWN_REQUEST", message: `unknown request type "${type}"` } };
  }
  const params = RequestParams[type].safeParse(env.data.params ?? {});
  if (!params.success) {
    const issue = params.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "params";
    return { ok: false, id, error: { code: "BAD_REQUEST", message: `invalid ${type} params: ${where}: ${issue?.message ?? "invalid"}` } };
  }
  return { ok: true, id, type, params: params.data };
}
