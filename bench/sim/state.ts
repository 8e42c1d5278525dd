import type { ContainerSummary, EngineInfo, ImageSummary, RequestType, ResultOf } from "@dockmaster/protocol";

/** A simulated engine's contents: deterministic from the host name, so runs are repeatable. */
export interface SimEngineState {
  info: EngineInfo;
  containers: ContainerSummary[];
  images: ImageSummary[];
}

const IMAGES = ["nginx:1.27", "redis:7", "postgres:16", "busybox:1.36", "node:20-slim", "grafana/grafana:11", "traefik:3", "alpine:3.20"];
const STATES = ["running", "running", "running", "exited", "paused", "running", "created", "running"];

/** 64 hex characters derived from a string (stable ids without crypto). */
export function simId(seed: string): string {
  let h1 = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    for (const ch of `${seed}#${round}`) h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h1.toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

/** `containers` containers over a handful of images; every 8th is stopped, some publish a port. */
export function simEngineState(hostName: string, containers = 50): SimEngineState {
  const created = 1_700_000_000;
  const images: ImageSummary[] = IMAGES.map((ref) => ({ id: `sha256:${simId(ref)}`, repoTags: [ref], repoDigests: [], created, size: 50_000_000, containers: 0 }));
  const list: ContainerSummary[] = Array.from({ length: containers }, (_, i) => {
    const image = images[i % images.length]!;
    const state = STATES[i % STATES.length]!;
    image.containers++;
    return {
      id: simId(`${hostName}/${i}`),
      name: `${hostName}-app-${i}`,
      image: image.repoTags[0]!,
      imageId: image.id,
      command: "/entrypoint.sh",
      created: created + i,
      state,
      status: state === "running" ? "Up 2 hours" : state === "exited" ? "Exited (0) 1 hour ago" : state,
      ports: i % 5 === 0 ? [{ ip: "127.0.0.1", privatePort: 80, publicPort: 20_000 + i, type: "tcp" }] : [],
      labels: { "com.example.team": `team-${i % 4}`, "com.example.tier": i % 2 ? "web" : "worker" },
    };
  });
  const running = list.filter((c) => c.state === "running").length;
  const paused = list.filter((c) => c.state === "paused").length;
  return {
    containers: list,
    images,
    info: {
      id: simId(`engine/${hostName}`).slice(0, 36),
      name: hostName,
      serverVersion: "20.10.24",
      apiVersion: "1.41",
      operatingSystem: "Simulated Linux",
      osType: "linux",
      architecture: "x86_64",
      kernelVersion: "6.1.0-sim",
      dockerRootDir: "/var/lib/docker",
      storageDriver: "overlay2",
      driverStatus: [],
      cgroupDriver: "cgroupfs",
      cgroupVersion: "1",
      loggingDriver: "json-file",
      registryMirrors: [],
      insecureRegistries: [],
      cpus: 4,
      memTotal: 8 * 1024 ** 3,
      containers: list.length,
      containersRunning: running,
      containersPaused: paused,
      containersStopped: list.length - running - paused,
      images: images.length,
      securityOptions: [],
      raw: {},
    },
  };
}

export type SimHandlers = { [T in RequestType]?: (params: unknown) => ResultOf<T> | Promise<ResultOf<T>> };

/** Answers for the read requests a state sync makes; other request types get NOT_IMPLEMENTED. */
export function simHandlers(state: SimEngineState): SimHandlers {
  return {
    "engine.info": () => state.info,
    "container.list": () => state.containers,
    "image.list": () => state.images,
    "network.list": () => [],
    "volume.list": () => [],
  };
}
