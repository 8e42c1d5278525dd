import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetContainersQuery, loadAccess, queryFleetContainers, replaceHostState, type Actor, type FleetContainersQueryInput } from "@dockmaster/core";
import { simEngineState, simFullState } from "../../../bench/sim";
import { freshPostgresDatabase, removeDir, signedInUser, startTestPlane } from "./support";

/**
 * The fleet view's container-label filter, server-side on both providers: "key=value", "key" alone
 * (the container has the label, whatever its value), keys with dots, and no match by a mere
 * substring of another key or value. Also each row's statusAt (when its status text was read).
 */
describe.each([
  ["sqlite", "through Prisma"],
  ["sqlite", "direct reads"],
  ["postgresql", "through Prisma"],
] as const)("fleet container-label filter (%s, %s)", (provider, reads) => {
  let plane: Awaited<ReturnType<typeof startTestPlane>>;
  let dropDatabase = async () => {};
  let admin: Actor;
  let hostId = "";

  const page = (q: FleetContainersQueryInput) => {
    const connection = reads === "direct reads" ? plane.database.sqliteConnection() : null;
    return queryFleetContainers(plane.db, admin, FleetContainersQuery.parse(q), plane.database.provider, connection);
  };
  const names = async (label: string) => (await page({ label, pageSize: 500 })).rows.map((r) => r.name).sort();

  beforeAll(async () => {
    if (provider === "postgresql") {
      const db = await freshPostgresDatabase(`dm_fleet_labels_${process.pid}`);
      dropDatabase = () => db.drop();
      plane = await startTestPlane(undefined, 0, db.url);
    } else plane = await startTestPlane();
    hostId = (await plane.db.host.create({ data: { name: "labels-host" } })).id;
    const state = simEngineState("labels", 5);
    const labels: Array<Record<string, string>> = [
      { "com.example.team": "payments" },
      { "com.example.team": "billing", tier: "web" },
      { "com.example.teams": "payments" },
      { other: "com.example.team" },
      {},
    ];
    state.containers = state.containers.map((c, i) => ({ ...c, name: `c${i}`, labels: labels[i]! }));
    await replaceHostState(plane.db, hostId, simFullState(state));
    const user = await signedInUser(plane.db, `labels-admin-${provider}`, [{ role: "admin" }]);
    admin = { kind: "user", id: user.id, username: "labels-admin", access: await loadAccess(plane.db, user.id) };
  });
  afterAll(async () => {
    await plane?.close();
    if (plane) removeDir(plane.dir);
    await dropDatabase();
  });

  it("key=value matches that value of that key only", async () => {
    expect(await names("com.example.team=payments")).toEqual(["c0"]);
    expect(await names("com.example.team = billing")).toEqual(["c1"]);
    expect(await names("com.example.team=pay")).toEqual([]);
  });

  it("a key alone matches every container that has the label, never a key it is a prefix of or a value", async () => {
    expect(await names("com.example.team")).toEqual(["c0", "c1"]);
    expect(await names("tier")).toEqual(["c1"]);
    expect(await names("no.such.label")).toEqual([]);
  });

  it("combines with the other filters and counts what it matches", async () => {
    const result = await page({ label: "com.example.team", name: "c1" });
    expect(result.total).toBe(1);
    expect(result.rows[0]!.name).toBe("c1");
  });

  it("each row says when its status text was read", async () => {
    const { rows } = await page({ label: "tier=web" });
    expect(rows[0]!.statusAt).toBeInstanceOf(Date);
    expect(Math.abs(rows[0]!.statusAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses a label filter without a key, or with a double quote in the key, naming the problem", () => {
    for (const label of ["=payments", 'a"b=c']) {
      const parsed = FleetContainersQuery.safeParse({ label });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/key or key=value/);
    }
  });
});
