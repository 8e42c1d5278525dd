import { z } from "zod";

/**
 * A container's files, through the Engine API's archive endpoints (HEAD / GET / PUT
 * /containers/{id}/archive): the path rules, the limits and the shapes every end shares.
 */

/** A file opened in the editor is at most this large (and text): bigger ones are downloaded instead. */
export const MAX_EDIT_BYTES = 1024 * 1024;
/** One uploaded file is at most this large (the same cap as a build context). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const MAX_PATH_CHARS = 4096;
const MAX_NAME_BYTES = 255;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export type PathCheck = { ok: true; path: string } | { ok: false; message: string };

/**
 * An absolute path inside a container, in the one form every end compares: "/" plus the
 * segments, with empty and "." segments and a trailing slash dropped. ".." is refused rather than
 * resolved (the engine resolves inside the container's root anyway; refusing keeps what the audit
 * trail records equal to what was asked), and so is a NUL byte or an over-long segment.
 */
export function normalizeContainerPath(raw: string): PathCheck {
  if (!raw.startsWith("/")) return { ok: false, message: "must be an absolute path (start with /)" };
  if (raw.length > MAX_PATH_CHARS) return { ok: false, message: `must be at most ${MAX_PATH_CHARS} characters` };
  if (raw.includes("\0")) return { ok: false, message: "must not contain a NUL byte" };
  const segments = raw.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) return { ok: false, message: 'must not contain ".." (give the path without it)' };
  if (segments.some((s) => utf8Bytes(s) > MAX_NAME_BYTES)) return { ok: false, message: `each name in the path must be at most ${MAX_NAME_BYTES} bytes` };
  return { ok: true, path: `/${segments.join("/")}` };
}

/** A file name (one path segment), e.g. of an uploaded file. */
export function checkFileName(raw: string): PathCheck {
  if (raw === "" || raw === "." || raw === "..") return { ok: false, message: "must be a file name (not empty, . or ..)" };
  if (raw.includes("/")) return { ok: false, message: "must be a file name without /" };
  if (raw.includes("\0")) return { ok: false, message: "must not contain a NUL byte" };
  if (utf8Bytes(raw) > MAX_NAME_BYTES) return { ok: false, message: `must be at most ${MAX_NAME_BYTES} bytes` };
  return { ok: true, path: raw };
}

const checked = (check: (raw: string) => PathCheck) =>
  z.string().transform((raw, ctx) => {
    const result = check(raw);
    if (result.ok) return result.path;
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  });

export const ContainerPath = checked(normalizeContainerPath);
export const FileName = checked(checkFileName);

/** "/etc/nginx" + "conf.d" → "/etc/nginx/conf.d"; the parent of "/" is "/". */
export const joinContainerPath = (dir: string, name: string) => (dir === "/" ? `/${name}` : `${dir}/${name}`);
export function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}
export const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

export const FileKind = z.enum(["file", "dir", "symlink", "other"]);
export type FileKind = z.infer<typeof FileKind>;

/** What the engine's stat (HEAD …/archive) says about one path; the final component is not followed. */
export const PathStat = z.object({
  path: z.string(),
  kind: FileKind,
  size: z.number(),
  /** Permission bits (0o7777). */
  mode: z.number().int(),
  /** ms since epoch. */
  mtime: z.number(),
  /** A symbolic link's target, as stored (relative or absolute). */
  linkTarget: z.string().optional(),
});
export type PathStat = z.infer<typeof PathStat>;

export const FileEntry = z.object({
  name: z.string(),
  kind: FileKind,
  /** A file's size; for a directory, the bytes of the files below it (when the listing read them all). */
  size: z.number(),
  mode: z.number().int(),
  mtime: z.number(),
  uid: z.number().int(),
  gid: z.number().int(),
  linkTarget: z.string().optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const DirectoryListing = z.object({
  path: z.string(),
  /** Set when `path` itself is a symbolic link: nothing is listed, open the target instead. */
  linkTarget: z.string().optional(),
  entries: z.array(FileEntry),
  /** Why the listing is incomplete (a cap was reached), or null. */
  truncated: z.string().nullable(),
});
export type DirectoryListing = z.infer<typeof DirectoryListing>;

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, "must be bytes");
/** A download's bytes, as they come from the engine. */
export const FileBytesFrame = z.object({ d: Bytes });
/** An upload's outcome: where the file was written and how many bytes. */
export const FilePutFrame = z.object({ path: z.string(), bytes: z.number().int().min(0) });
export type FilePutFrame = z.infer<typeof FilePutFrame>;
