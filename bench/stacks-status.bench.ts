/**
 * Benchmark: the stacks page's status across the fleet — 50 stacks / 500 services on 5 hosts in
 * the fleet snapshot, with their deploy history — as `stacks.list` over tRPC (what the page asks),
 * read from the database only. Target (issue 14): ≤ 50 ms p95. Writes bench/results/stacks-status.json.
 * (The deploy and unchanged-redeploy ratios against docker-compose need the agent's apply: not here.)
 */
import { loadavg } from "node:os";
import { contentHash, listStacksWithStatus } from "@dockmaster/core";
import { removeDir, signedInClient, signedInUser, startTestPlane } from "../apps/web/test/support";
import { summarize, time, writeResult } from "./harness";

const HOSTS = 5;
const STACKS = 50;
const SERVICES = 10;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

const plane = await startTestPlane();
try {
  const admin = signedInClient(plane.port, (await signedInUser(plane.db, "bench-admin", [{ role: "admin" }])).cookie);
  const hosts = await Promise.all(Array.from({ length: HOSTS }, (_, h) => plane.db.host.create({ data: { name: `host-${h}`, status: "online" } })));
  for (let s = 0; s < STACKS; s++) {
    const host = hosts[s % HOSTS]!;
    const name = `app${s}`;
    const content = { composeFiles: [{ path: "compose.yaml", content: `services: {}\n# ${name}` }], otherFiles: [], env: "" };
    const stack = await plane.db.stack.create({ data: { name, hostId: host.id } });
    const revision = await plane.db.stackRevision.create({ data: { stackId: stack.id, number: 1, composeFiles: JSON.stringify(content.composeFiles), contentHash: contentHash(content) } });
    const services = Object.fromEntries(Array.from({ length: SERVICES }, (_, i) => [`svc${i}`, { replicas: 1, configHash: `h${i}` }]));
    await plane.db.stackDeploy.create({ data: { stackId: stack.id, hostId: host.id, revisionId: revision.id, revisionNumber: 1, status: "succeeded", finishedAt: new Date(), summary: JSON.stringify({ services }) } });
    await plane.db.snapshotContainer.createMany({
      data: Array.from({ length: SERVICES }, (_, i) => ({
        hostId: host.id,
        containerId: `${name}-${i}`.padEnd(64, "0"),
        name: `${name}-svc${i}-1`,
        image: "busybox",
        state: i === 0 && s % 7 === 0 ? "exited" : "running",
        composeProject: name, // as snapshot-rows.ts writes it
        labels: JSON.stringify({ "com.docker.compose.project": name, "com.docker.compose.service": `svc${i}`, "com.docker.compose.config-hash": `h${i}`, "com.docker.compose.container-number": "1" }),
        created: new Date(),
      })),
    });
  }
  const check = await admin.stacks.list.query({});
  if (check.stacks.length !== STACKS || check.stacks.reduce((n, s) => n + s.hosts[0]!.total, 0) !== STACKS * SERVICES) throw new Error("the seeded fleet is not what the list shows");
  const samples = await time(() => admin.stacks.list.query({}), ITERATIONS);
  const summary = summarize(samples);
  // The same read in-process (no HTTP, no serialisation): what the database and the status logic cost.
  const direct = summarize(await time(() => listStacksWithStatus(plane.db, () => true), ITERATIONS));
  writeResult("stacks-status", { stacks: STACKS, services: STACKS * SERVICES, hosts: HOSTS, database: "sqlite", list: summary, inProcess: direct, targetP95Ms: 50, met: summary.p95Ms <= 50, loadAverage1m: loadavg()[0] });
} finally {
  await plane.close();
  removeDir(plane.dir);
}
