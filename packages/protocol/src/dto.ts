import { z } from "zod";

/** Data shapes the agent returns; built from Engine API responses by @dockmaster/docker. */

export const PortBinding = z.object({
  ip: z.string().optional(),
  privatePort: z.number().int(),
  publicPort: z.number().int().optional(),
  type: z.string(),
});
export type PortBinding = z.infer<typeof PortBinding>;

export const ContainerSummary = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  created: z.number(), // unix seconds
  state: z.string(), // created | running | paused | restarting | removing | exited | dead
  status: z.string(), // human text from the engine, e.g. "Up 3 minutes"
  ports: z.array(PortBinding),
  labels: z.record(z.string(), z.string()),
});
export type ContainerSummary = z.infer<typeof ContainerSummary>;

export const ImageSummary = z.object({
  id: z.string(),
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  created: z.number(),
  size: z.number(),
  containers: z.number(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

/** `docker info`: the fields the engine page explains, plus the raw document. */
export const EngineInfo = z.object({
  id: z.string(),
  name: z.string(),
  serverVersion: z.string(),
  apiVersion: z.string(),
  operatingSystem: z.string(),
  osType: z.string(),
  architecture: z.string(),
  kernelVersion: z.string(),
  dockerRootDir: z.string(),
  storageDriver: z.string(),
  driverStatus: z.array(z.tuple([z.string(), z.string()])),
  cgroupDriver: z.string(),
  cgroupVersion: z.string(),
  loggingDriver: z.string(),
  registryMirrors: z.array(z.string()),
  insecureRegistries: z.array(z.string()),
  cpus: z.number(),
  memTotal: z.number(),
  containers: z.number(),
  containersRunning: z.number(),
  containersPaused: z.number(),
  containersStopped: z.number(),
  images: z.number(),
  securityOptions: z.array(z.string()),
  raw: z.record(z.string(), z.unknown()),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

/** `docker inspect <container>`: passed through as the engine's JSON document. */
export const ContainerInspect = z.record(z.string(), z.unknown());
export type ContainerInspect = z.infer<typeof ContainerInspect>;
