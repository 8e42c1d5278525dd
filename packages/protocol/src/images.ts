import { z } from "zod";

// Image and registry shapes: request params the agent validates, and the DTOs it answers with.

// The reference grammar of distribution/reference (what `docker tag` accepts), piece by piece.
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REPOSITORY = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

export const REPOSITORY_PATTERN = new RegExp(`^${REPOSITORY}$`);
export const TAG_PATTERN = new RegExp(`^${TAG}$`);
const REFERENCE_PATTERN = new RegExp(`^${REPOSITORY}(?::${TAG})?(?:@${DIGEST})?$`);
const IMAGE_ID_PATTERN = /^(?:sha256:)?[0-9a-f]{1,64}$/;

/** A reference to pull: name[:tag][@digest], by the registry's grammar. */
export const ImageReference = z
  .string()
  .min(1, "image is required")
  .max(512)
  .regex(REFERENCE_PATTERN, "must be an image reference like registry:5000/team/app:1.0");

/**
 * An image id (full, short, or sha256:…) or a reference (name[:tag][@digest]) by the registry's
 * grammar (no ".." path tricks), safe in an Engine API path.
 */
export const ImageIdOrReference = z
  .string()
  .min(1, "an image id or reference is required")
  .max(512)
  .refine((v) => IMAGE_ID_PATTERN.test(v) || REFERENCE_PATTERN.test(v), "must be an image id or a reference like registry:5000/team/app:1.0");

/** A repository name (`registry:5000/team/app`, lower case path) as `docker tag` wants it. */
export const ImageRepository = z
  .string()
  .min(1, "a repository is required")
  .max(255)
  .regex(REPOSITORY_PATTERN, "a repository looks like name, team/name or registry.example.com:5000/team/name (path in lower case)");

export const ImageTag = z.string().regex(TAG_PATTERN, "a tag is up to 128 letters, digits, _ . - (not starting with . or -)");

/** "repo[:tag]" → {repo, tag}; the tag defaults to latest. The last ":" after the last "/" starts the tag. */
export function splitRepoTag(reference: string): { repo: string; tag: string } {
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  if (colon > slash) return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: "latest" };
}

/** A tag target typed as one string, "repo[:tag]", validated part by part so messages name the bad part. */
export const RepoTag = z
  .string()
  .min(1, "a target like team/app:1.0 is required")
  .max(384)
  .superRefine((value, ctx) => {
    const { repo, tag } = splitRepoTag(value);
    if (!REPOSITORY_PATTERN.test(repo)) ctx.addIssue({ code: "custom", message: `repository "${repo}": a repository looks like name, team/name or registry:5000/team/name (path in lower case)` });
    else if (!TAG_PATTERN.test(tag)) ctx.addIssue({ code: "custom", message: `tag "${tag}": up to 128 letters, digits, _ . - (not starting with . or -)` });
  });

/** GET /images/{id}/json: the fields the page explains, plus the raw document. */
export const ImageInspect = z.object({
  id: z.string(),
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  created: z.string(),
  size: z.number(),
  architecture: z.string(),
  os: z.string(),
  author: z.string(),
  parent: z.string(),
  config: z.object({
    cmd: z.array(z.string()).nullable(),
    entrypoint: z.array(z.string()).nullable(),
    env: z.array(z.string()),
    workingDir: z.string(),
    user: z.string(),
    exposedPorts: z.array(z.string()),
    labels: z.record(z.string(), z.string()),
  }),
  layers: z.array(z.string()),
  raw: z.record(z.string(), z.unknown()),
});
export type ImageInspect = z.infer<typeof ImageInspect>;

/** One file hidden by a whiteout: the copy that still costs space in a lower layer. */
export const HiddenFile = z.object({ layerIndex: z.number(), path: z.string(), size: z.number() });

/**
 * A deletion recorded in a layer: `.wh.<name>` hides <name> from every lower layer, `.wh..wh..opq`
 * hides a whole directory's lower contents. The bytes stay in the lower layers (hiddenSize).
 */
export const LayerWhiteout = z.object({
  /** What was deleted, absolute inside the image, e.g. /flag.txt. */
  path: z.string(),
  /** The whiteout entry in this layer's tar, e.g. .wh.flag.txt. */
  entry: z.string(),
  opaque: z.boolean(),
  hidden: z.array(HiddenFile),
  hiddenSize: z.number(),
  /** Files hidden in all (hidden lists at most the first 50). */
  hiddenFiles: z.number(),
});
export type LayerWhiteout = z.infer<typeof LayerWhiteout>;

export const ImageLayer = z.object({
  index: z.number(),
  diffId: z.string().nullable(),
  /** false: the scan stopped before reaching this layer (see truncated). */
  analysed: z.boolean(),
  /** Regular file bytes in the layer tar. */
  contentSize: z.number(),
  entries: z.number(),
  whiteouts: z.array(LayerWhiteout),
  /** Whiteouts in this layer (whiteouts lists at most 200). */
  whiteoutCount: z.number(),
});
export type ImageLayer = z.infer<typeof ImageLayer>;

/** One Dockerfile instruction (history entry) next to the layer it produced, if any. */
export const ImageHistoryStep = z.object({
  createdBy: z.string(),
  /** The step as a Dockerfile line, as far as the image records it (e.g. "ENV X=1", "ADD <file> /flag.txt"). */
  instruction: z.string(),
  /** Why `instruction` is not the original line (a classic-builder ADD/COPY keeps only a checksum), or null. */
  instructionNote: z.string().nullable(),
  /** For ADD/COPY: the first files its layer holds (absolute paths), and how many in all. */
  addedFiles: z.array(z.object({ path: z.string(), size: z.number() })),
  addedFileCount: z.number(),
  /** Unix seconds; 0 when unknown. */
  created: z.number(),
  comment: z.string(),
  /** A metadata-only step (ENV, CMD, LABEL …): it produced no layer. */
  emptyLayer: z.boolean(),
  /** The engine's size for this step (0 for empty steps). */
  size: z.number(),
  layer: ImageLayer.nullable(),
});
export type ImageHistoryStep = z.infer<typeof ImageHistoryStep>;

export const ImageLayers = z.object({
  id: z.string(),
  steps: z.array(ImageHistoryStep),
  layerCount: z.number(),
  /** Bytes still stored in lower layers for files a later layer deleted. */
  hiddenSize: z.number(),
  /** How much of `docker save` was read, and the caps that bound the work. */
  scan: z.object({ bytesRead: z.number(), maxBytes: z.number(), maxEntries: z.number(), maxSeconds: z.number() }),
  /** Set when the scan stopped early (huge image): the layers not reached have analysed=false. */
  truncated: z.string().nullable(),
});
export type ImageLayers = z.infer<typeof ImageLayers>;

/** An image the engine's prune would remove, with the space only it uses. */
export const PruneCandidate = z.object({ id: z.string(), repoTags: z.array(z.string()), created: z.number(), size: z.number() });

export const PruneMode = z.enum(["dangling", "unused"]);
export type PruneMode = z.infer<typeof PruneMode>;

export const ImagePrunePreview = z.object({
  mode: PruneMode,
  /** Unix seconds: the confirmed prune only takes images created before this (none made after the preview). */
  at: z.number(),
  images: z.array(PruneCandidate),
  /** Bytes of layers no kept image shares (what the prune would free). */
  spaceReclaimable: z.number(),
});
export type ImagePrunePreview = z.infer<typeof ImagePrunePreview>;

/** What `docker rmi` / prune did: references removed and images deleted. */
export const ImageDeleteResult = z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) });
export type ImageDeleteResult = z.infer<typeof ImageDeleteResult>;

export const ImagePruneResult = ImageDeleteResult.extend({ spaceReclaimed: z.number() });
export type ImagePruneResult = z.infer<typeof ImagePruneResult>;

/** A registry address as the engine's /auth wants it: host[:port], or a URL for Docker Hub. */
export const RegistryServerAddress = z
  .string()
  .min(1, "a registry address is required")
  .max(255)
  .regex(/^(https?:\/\/)?[a-zA-Z0-9.-]+(:[0-9]{1,5})?(\/[\w./-]*)?$/, "a registry address looks like registry.example.com:5000 or https://index.docker.io/v1/");

/**
 * Registry credentials: checked with the engine's POST /auth, and added by the server to pull and
 * push streams. Travels to the agent; the agent never logs params.
 */
export const RegistryLogin = z
  .object({
    username: z.string().min(1, "a username is required").max(256),
    password: z.string().min(1, "a password is required").max(4096),
    serveraddress: RegistryServerAddress,
  })
  .strict();
export type RegistryLogin = z.infer<typeof RegistryLogin>;
