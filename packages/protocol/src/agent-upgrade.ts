import { z } from "zod";

/** One downloadable agent build, as the control plane's manifest lists it (apps/agent/scripts/build.mjs). */
export const AgentArtifactRef = z
  .object({
    /** "node": the one-file bundle run by Node.js; "sea": the single executable for platform/arch. */
    kind: z.enum(["node", "sea"]),
    platform: z.string().min(1).max(20),
    arch: z.string().min(1).max(20),
    url: z.string().url().max(2_048).regex(/^https?:\/\//, "must be an http(s) URL"),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a lowercase hex SHA-256"),
    size: z.number().int().positive().max(512 * 1024 * 1024),
  })
  .strict();
export type AgentArtifactRef = z.infer<typeof AgentArtifactRef>;

export const AgentUpgradeParams = z
  .object({
    version: z.string().min(1).max(50),
    artifacts: z.array(AgentArtifactRef).min(1).max(20),
  })
  .strict();
export type AgentUpgradeParams = z.infer<typeof AgentUpgradeParams>;

/** Answered once the new build is in place, just before the agent restarts into it. */
export const AgentUpgradeResult = z.object({ from: z.string(), to: z.string(), kind: z.enum(["node", "sea"]), restart: z.enum(["systemd", "re-exec"]) });
export type AgentUpgradeResult = z.infer<typeof AgentUpgradeResult>;

/** apps/agent/dist/manifest.json, as the artifact build writes it (apps/agent/scripts/build.mjs). */
export const AgentManifest = z.object({
  version: z.string().min(1).max(50),
  protocolVersion: z.number().int(),
  builtAt: z.string(),
  artifacts: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z0-9._-]+$/),
        kind: z.enum(["node", "sea"]),
        platform: z.string(),
        arch: z.string(),
        size: z.number().int().positive(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .min(1),
});
export type AgentManifest = z.infer<typeof AgentManifest>;
