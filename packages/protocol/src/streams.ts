import { z } from "zod";
import { ObjectRef } from "./requests";
import { ImageReference, RegistryLogin, RepoTag } from "./images";
import { ProtocolError } from "./errors";
import { StackApplyFrame, StackApplyParams } from "./stack-apply";
import { ContainerPath, FileBytesFrame, FileName, FilePutFrame, MAX_UPLOAD_BYTES } from "./container-files";

/**
 * Streams: long-lived exchanges (logs, stats, exec, pull, push, build) between a browser, the
 * control plane and an agent. A stream is opened with a type and params (a closed union, like
 * requests), then carries frames one way (agent → browser, batched, acknowledged for backpressure)
 * and input the other way (exec keystrokes, a build context). Either end may cancel.
 */


const TerminalSize = { cols: z.number().int().min(1).max(1000).default(80), rows: z.number().int().min(1).max(1000).default(24) };

/** What each stream type accepts. Browser-facing params are the same minus `auth` (added by the server). */
export const StreamParams = {
  "container.logs": z
    .object({
      id: ObjectRef,
      follow: z.boolean().default(true),
      /** Last N lines; 0 = none, omitted = all. */
      tail: z.number().int().min(0).max(1_000_000).optional(),
      /** Unix seconds. */
      since: z.number().int().min(0).optional(),
      timestamps: z.boolean().default(false),
    })
    .strict(),
  "container.stats": z.object({ id: ObjectRef }).strict(),
  "host.stats": z.object({}).strict(),
  "container.exec": z
    .object({
      id: ObjectRef,
      cmd: z.array(z.string().min(1).max(4096)).min(1, "cmd needs a program").max(64).default(["sh"]),
      tty: z.boolean().default(true),
      user: z.string().max(256).optional(),
      workingDir: z.string().max(4096).optional(),
      ...TerminalSize,
    })
    .strict(),
  // `auth`: a stored registry's credentials, decrypted by the control plane just for this stream.
  "image.pull": z.object({ ref: ImageReference, auth: RegistryLogin.optional() }).strict(),
  "image.push": z.object({ ref: RepoTag, auth: RegistryLogin.optional() }).strict(),
  "image.build": z
    .object({
      tags: z.array(RepoTag).max(16).default([]),
      dockerfile: z.string().min(1).max(1024).default("Dockerfile"),
      buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "build arg names look like NAME").max(256), z.string().max(32768)).default({}),
      target: z.string().max(256).optional(),
      noCache: z.boolean().default(false),
      pull: z.boolean().default(false),
      /** Size of the tar build context the opener will send as input. */
      contextBytes: z.number().int().min(1).max(512 * 1024 * 1024),
    })
    .strict(),
  // Server-only (never opened by a browser): the steps' create specs passed the capability gate on the server.
  "stack.apply": StackApplyParams,
  // Server-only: a container's files, downloaded and uploaded through the control plane's HTTP routes
  // (which check container.files.read / .write and audit). "file": a regular file's bytes; "tar": an archive.
  "container.files.get": z.object({ id: ObjectRef, path: ContainerPath, as: z.enum(["file", "tar"]) }).strict(),
  // One file into `dir` (reached without a symbolic link), `size` bytes sent as input.
  "container.files.put": z
    .object({
      id: ObjectRef,
      dir: ContainerPath,
      name: FileName,
      size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
      /** An edit: the SHA-256 (hex) of the content the editor opened; a file changed since is not overwritten. */
      ifSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex").optional(),
    })
    .strict(),
} as const;

export type StreamType = keyof typeof StreamParams;
export const STREAM_TYPES = Object.keys(StreamParams) as StreamType[];
export type StreamParamsOf<T extends StreamType> = z.input<(typeof StreamParams)[T]>;
export type ParsedStreamParamsOf<T extends StreamType> = z.output<(typeof StreamParams)[T]>;
export function isStreamType(type: string): type is StreamType {
  return Object.hasOwn(StreamParams, type);
}

/**
 * Streams only the control plane opens for itself: their params carry what the server already
 * checked (stack.apply: create specs through the capability gate), so a browser may never open one.
 */
export const SERVER_STREAM_TYPES = ["stack.apply", "container.files.get", "container.files.put"] as const satisfies readonly StreamType[];
export type ServerStreamType = (typeof SERVER_STREAM_TYPES)[number];
export type BrowserStreamType = Exclude<StreamType, ServerStreamType>;
export const BROWSER_STREAM_TYPES = STREAM_TYPES.filter((t): t is BrowserStreamType => !(SERVER_STREAM_TYPES as readonly string[]).includes(t));
export function isBrowserStreamType(type: string): type is BrowserStreamType {
  return isStreamType(type) && !(SERVER_STREAM_TYPES as readonly string[]).includes(type);
}

/** Log output, as it came (several lines per frame); stderr kept apart from stdout. */
export const LogFrame = z.object({ s: z.enum(["out", "err"]), d: z.string() });
/** One stats sample, computed by the agent from the engine's raw counters. */
export const StatsSample = z.object({
  at: z.number(), // ms since epoch
  cpuPercent: z.number(), // of one CPU = 100
  onlineCpus: z.number(),
  memoryBytes: z.number(),
  memoryLimitBytes: z.number(),
  netRxBytes: z.number(),
  netTxBytes: z.number(),
  blockReadBytes: z.number(),
  blockWriteBytes: z.number(),
  pids: z.number(),
});
export type StatsSample = z.infer<typeof StatsSample>;
export const HostStatsFrame = z.object({ at: z.number(), containers: z.array(StatsSample.extend({ id: z.string(), name: z.string() })) });
export type HostStatsFrame = z.infer<typeof HostStatsFrame>;
/** Exec output: raw terminal bytes (binary stays binary). */
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, "must be bytes");
export const ExecFrame = z.object({ s: z.enum(["out", "err"]), d: Bytes });
/** Pull / push progress, one layer at a time (the engine's JSON messages, normalised). */
export const ProgressFrame = z.object({
  id: z.string().optional(), // layer id
  status: z.string(),
  current: z.number().optional(),
  total: z.number().optional(),
});
export type ProgressFrame = z.infer<typeof ProgressFrame>;
/** Build output: step text, or the built image id. */
export const BuildFrame = z.object({ text: z.string().optional(), imageId: z.string().optional(), progress: ProgressFrame.optional() });
export type BuildFrame = z.infer<typeof BuildFrame>;

export const StreamFrames = {
  "container.logs": LogFrame,
  "container.stats": StatsSample,
  "host.stats": HostStatsFrame,
  "container.exec": ExecFrame,
  "image.pull": ProgressFrame,
  "image.push": ProgressFrame,
  "image.build": BuildFrame,
  "stack.apply": StackApplyFrame,
  "container.files.get": FileBytesFrame,
  "container.files.put": FilePutFrame,
} as const satisfies Record<StreamType, z.ZodType>;
export type FrameOf<T extends StreamType> = z.infer<(typeof StreamFrames)[T]>;

/** What a stream ends with: its result (exit code, image id) or an error. */
export const StreamResult = z.object({ exitCode: z.number().int().optional(), imageId: z.string().optional(), cancelled: z.boolean().optional() }).strict();
export type StreamResult = z.infer<typeof StreamResult>;

// ---- wire envelopes (agent ⇄ server, and server ⇄ browser) ----
export const StreamId = z.string().min(1).max(100);
export const StreamOpen = z.object({ streamId: StreamId, type: z.string().max(100), params: z.unknown() });
export type StreamOpen = z.infer<typeof StreamOpen>;
export const StreamFramesEnvelope = z.object({ streamId: StreamId, frames: z.array(z.unknown()).min(1).max(10_000) });
export type StreamFramesEnvelope = z.infer<typeof StreamFramesEnvelope>;
export const StreamEnd = z.discriminatedUnion("ok", [
  z.object({ streamId: StreamId, ok: z.literal(true), result: StreamResult.default({}) }),
  z.object({ streamId: StreamId, ok: z.literal(false), error: ProtocolError }),
]);
export type StreamEnd = z.infer<typeof StreamEnd>;
/** Input bytes for a stream: at most 1 MiB per message (socket.io's default message cap). */
export const StreamInput = z.object({ streamId: StreamId, data: Bytes.refine((d) => d.byteLength <= 512 * 1024, "input chunks are at most 512 KiB") });
export type StreamInput = z.infer<typeof StreamInput>;
export const StreamRef = z.object({ streamId: StreamId });
export const StreamResize = z.object({ streamId: StreamId, cols: TerminalSize.cols, rows: TerminalSize.rows });
export type StreamResize = z.infer<typeof StreamResize>;

/** Validates an open request against the closed union; `{ ok: false }` names the problem. */
export function parseStreamOpen(raw: unknown): { ok: true; streamId: string; type: StreamType; params: unknown } | { ok: false; error: ProtocolError } {
  const open = StreamOpen.safeParse(raw);
  if (!open.success) return { ok: false, error: { code: "BAD_REQUEST", message: "malformed stream open: needs { streamId, type, params }" } };
  const { streamId, type } = open.data;
  if (!isStreamType(type)) return { ok: false, error: { code: "UNKNOWN_REQUEST", message: `unknown stream type "${type}"` } };
  const params = StreamParams[type].safeParse(open.data.params ?? {});
  if (!params.success) {
    const issue = params.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "params";
    return { ok: false, error: { code: "BAD_REQUEST", message: `invalid ${type} params: ${where}: ${issue?.message ?? "invalid"}` } };
  }
  return { ok: true, streamId, type, params: params.data };
}
