/**
 * Which image a reference names on the host, from the observed image list: so the plan sees that
 * a tag moved (a pull brought a new image) while the container still runs the old one.
 */

/** "busybox" → "busybox:latest", "docker.io/library/x:1" → "x:1"; digests are left as they are. */
export function normaliseRef(ref: string): string {
  let r = ref.replace(/^docker\.io\//, "").replace(/^index\.docker\.io\//, "");
  if (!r.includes("/") || r.startsWith("library/")) r = r.replace(/^library\//, "");
  const lastSegment = r.slice(r.lastIndexOf("/") + 1);
  if (!r.includes("@") && !lastSegment.includes(":")) r = `${r}:latest`;
  return r;
}

export function imageIdIndex(images: { id: string; repoTags: string[] }[] | undefined): Map<string, string> {
  const index = new Map<string, string>();
  for (const image of images ?? []) for (const tag of image.repoTags) index.set(normaliseRef(tag), image.id);
  return index;
}
