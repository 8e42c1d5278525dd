import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiClient, removeDir, signedInUser, startTestPlane, waitFor } from "./support";

/**
 * A direct engine the control plane cannot reach: its in-process agent retries with a growing
 * wait and says so once per series, instead of three warnings a second for as long as it lasts.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let admin: ReturnType<typeof apiClient>;

beforeAll(async () => {
  plane = await startTestPlane(undefined, 0, undefined, { directEngines: { leaseMs: 1_500, healthIntervalMs: 300 } });
  admin = apiClient(plane.port);
  admin.jar.set("dm_session", (await signedInUser(plane.db, "backoff-admin", [{ role: "admin" }])).cookie.replace(/^dm_session=/, ""));
});
afterAll(async () => {
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("an unreachable direct engine", () => {
  it("is retried with backoff and logged once per attempt series, with the attempt count", async () => {
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      const { hostId } = await admin.client.hosts.addDirectEngine.mutate({ name: "gone", url: `unix:///tmp/dm-backoff-no-engine-${process.pid}.sock` });
      await waitFor(async () => (await plane.db.host.findUnique({ where: { id: hostId } }))?.status === "degraded", "the host degraded", 20_000);
      const since = lines.length;
      await new Promise((r) => setTimeout(r, 10_000));
      const warnings = lines.slice(since).filter((l) => l.includes(hostId) && l.includes('"level":"warn"'));
      // Before: "engine event stream broke", "events may have been lost" and "state sync failed" every second (30 lines in 10 s).
      expect(warnings.length).toBeLessThanOrEqual(3);
      const series = lines.filter((l) => l.includes(hostId) && l.includes("engine events cannot be subscribed; retrying with backoff"));
      expect(series.length).toBeGreaterThanOrEqual(1);
      expect(series[0]).toMatch(/"attempt":1/);
    } finally {
      stderr.mockRestore();
    }
  }, 60_000);
});
