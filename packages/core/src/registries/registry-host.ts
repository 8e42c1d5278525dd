/**
 * Which registry an image reference lives in, by Docker's own rule: the first path component is a
 * registry host when it has a "." or a ":" or is "localhost"; otherwise the image is on Docker Hub.
 */
export const DOCKER_HUB = "docker.io";
/** What the engine's /auth and X-Registry-Auth expect as serveraddress for Docker Hub. */
export const DOCKER_HUB_AUTH_ADDRESS = "https://index.docker.io/v1/";

const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

/** "https://Registry.Example.com:5000/v2/" → "registry.example.com:5000"; Docker Hub's names → docker.io. */
export function normalizeRegistryHost(address: string): string {
  const host = address
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
  return HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** "busybox" and "library/busybox:1" → docker.io; "10.0.0.1:5000/team/app:1" → 10.0.0.1:5000. */
export function registryHostOfImage(imageRef: string): string {
  const slash = imageRef.indexOf("/");
  if (slash < 0) return DOCKER_HUB;
  const first = imageRef.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  return isHost ? normalizeRegistryHost(first) : DOCKER_HUB;
}

/** The serveraddress to hand the engine for a normalised host. */
export function engineServerAddress(host: string): string {
  return host === DOCKER_HUB ? DOCKER_HUB_AUTH_ADDRESS : host;
}
