// PostgreSQL: DOCKMASTER_TEST_PG_URL must point at a server where the user may CREATE DATABASE.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./client";

const base = process.env.DOCKMASTER_TEST_PG_URL;
const name = `dm_pool_errors_${process.pid}`;
const admin = async (sql: string, params: unknown[] = []) => {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
};
let url = "";

beforeAll(async () => {
  if (!base) throw new Error("DOCKMASTER_TEST_PG_URL is not set: run through scripts/with-postgres.sh (npm run test:integration)");
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const target = new URL(base);
  target.pathname = `/${name}`;
  url = target.toString();
});
afterAll(async () => {
  if (base) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe("the PostgreSQL pool", () => {
  // An idle pooled connection killed by the server (a restart, a failover, an administrator) is an
  // 'error' event on the pool: unheard, Node turns it into an uncaught exception that ends the
  // control plane. It is reported instead, and the next query opens a fresh connection.
  it("reports an idle connection the server terminated and keeps serving", async () => {
    const reported: string[] = [];
    const database = createDatabase(url, { onPoolError: (message) => reported.push(message) });
    try {
      await database.prisma.$queryRawUnsafe("SELECT 1");
      await admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
      await expect.poll(() => reported.length, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(reported[0]).toContain("terminating connection");
      expect(await database.prisma.$queryRawUnsafe<Array<{ n: number }>>("SELECT 1 AS n")).toEqual([{ n: 1 }]);
    } finally {
      await database.close();
    }
  });
});
