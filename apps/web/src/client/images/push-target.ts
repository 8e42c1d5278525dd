import { splitRepoTag } from "@dockmaster/protocol";

/**
 * Where a push goes. A reference names its registry in its first path component when that has a
 * "." or ":" or is "localhost" (Docker's own rule); otherwise it is Docker Hub. Pushing an image to
 * another registry means naming it there first (a tag), then pushing that name.
 */
export const DOCKER_HUB = "docker.io";

function firstComponentIsHost(reference: string): boolean {
  const slash = reference.indexOf("/");
  if (slash < 0) return false;
  const first = reference.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost";
}

/** "10.0.0.1:5000/team/app:1" → "10.0.0.1:5000"; "team/app:1" → docker.io. */
export function registryOf(reference: string): string {
  return firstComponentIsHost(reference) ? reference.slice(0, reference.indexOf("/")).toLowerCase() : DOCKER_HUB;
}

/** The reference without its registry: "10.0.0.1:5000/team/app:1" → "team/app:1". */
export function pathOf(reference: string): string {
  return firstComponentIsHost(reference) ? reference.slice(reference.indexOf("/") + 1) : reference;
}

/** The same repository path and tag in registry `host` ("team/app:1" to 10.0.0.1:5000 → "10.0.0.1:5000/team/app:1"). */
export function retarget(reference: string, host: string): string {
  const { repo, tag } = splitRepoTag(pathOf(reference));
  return host === DOCKER_HUB ? `${repo}:${tag}` : `${host}/${repo}:${tag}`;
}

/** The digest the engine reports at the end of a push ("1: digest: sha256:… size: 739"). */
export function pushedDigest(messages: readonly string[]): string | null {
  for (const m of messages) {
    const found = /digest: (sha256:[0-9a-f]{64})/.exec(m);
    if (found) return found[1]!;
  }
  return null;
}

/** What to do about a failed push, in a user's words (the engine's own message is shown too). */
export function pushFailureHint(message: string, registry: string): string | null {
  if (/no basic auth credentials|unauthorized|authentication required|denied/i.test(message)) {
    return `${registry} refused the push: store a login for ${registry} on the Registries page (or fix the stored one), then push again.`;
  }
  if (/connection refused|no such host|i\/o timeout|network is unreachable|no route to host|dial tcp|server gave HTTP response to HTTPS client|x509/i.test(message)) {
    return `The host's engine could not reach ${registry}: check the address and port, that the registry runs, and (for plain HTTP) that the engine lists it under insecure-registries.`;
  }
  return null;
}
