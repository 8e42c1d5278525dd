/**
 * Benchmark: container list (a host with 500 containers) and inspect, through Dockmaster (tRPC over
 * HTTP → control plane → socket.io → agent → Engine API) against the Engine API directly, in the
 * same run, alternating. Goals: ≤ 1.3× for both. Writes bench/results/container-api.json.
 */
import { testImage } from "../apps/web/test/support";
import { benchPlane, ratio, summarize, timePair, writeResult } from "./harness";

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 500);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);

const bench = await benchPlane();
const created: string[] = [];
try {
  const label = { "dockmaster.bench": String(process.pid) };
  for (let i = 0; i < CONTAINERS; i++) {
    created.push((await bench.engine.createContainer({ image: testImage(), name: `bench-${process.pid}-${i}`, cmd: ["sleep", "3600"], labels: label })).id);
  }
  // Steady state: the list is answered from memory, kept current by the host's events.
  const [listDirect, listOurs] = await timePair(
    () => bench.engine.listContainers({ all: true }),
    () => bench.client.containers.list.query({ hostId: bench.hostId }),
    ITERATIONS,
  );
  // Right after a change: the entry was dropped, so the agent asks the engine.
  const [listDirectFresh, listOursFresh] = await timePair(
    () => bench.engine.listContainers({ all: true }),
    () => (bench.plane.containerLists.invalidate(bench.hostId), bench.client.containers.list.query({ hostId: bench.hostId })),
    ITERATIONS,
  );
  const target = created[0]!;
  const [inspectDirect, inspectOurs] = await timePair(
    () => bench.engine.inspectContainer(target),
    () => bench.client.containers.inspect.query({ hostId: bench.hostId, id: target }),
    ITERATIONS * 3,
  );
  const list = { direct: summarize(listDirect), viaDockmaster: summarize(listOurs) };
  const listAfterChange = { direct: summarize(listDirectFresh), viaDockmaster: summarize(listOursFresh) };
  const inspect = { direct: summarize(inspectDirect), viaDockmaster: summarize(inspectOurs) };
  writeResult("container-api", {
    containers: (await bench.engine.listContainers({ all: true })).length,
    goal: "≤ 1.3× the direct Engine API",
    list: { ...list, ratio: ratio(list.viaDockmaster, list.direct), note: "steady state: answered from the control plane's memory, dropped on every container event of the host" },
    listAfterChange: { ...listAfterChange, ratio: ratio(listAfterChange.viaDockmaster, listAfterChange.direct), note: "every call right after an invalidation: the agent asks the engine" },
    inspect: { ...inspect, ratio: ratio(inspect.viaDockmaster, inspect.direct) },
  });
} finally {
  for (const id of created) await bench.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await bench.close();
}
