#!/usr/bin/env node
// The end-to-end check of the scale-out profile (scripts/compose-scale-check.sh), through the load
// balancer only: first-run setup (sign in), the public URL set to the balancer, the Add host
// dialog's `docker run` line run for the agent image (the one change: this machine's side of the
// socket is where its testbed engine keeps it, not /var/run/docker.sock), the host online,
// a container started; then one instance killed: the session still works, the agent is back
// online through the balancer, and a container is started and removed on the surviving instance.
//   node --import tsx scripts/images/scale-e2e.mjs <balancer url> <image> <engine socket>
import { execFileSync } from "node:child_process";
import { enrollCommands } from "../../apps/web/src/client/enroll-commands.ts";
import { e2eClient } from "./e2e-client.mjs";

const [base, image, socket] = process.argv.slice(2);
if (!base || !image || !socket) throw new Error("usage: scale-e2e.mjs <balancer url> <image> <engine socket>");
const { call, until, step: stepOf, setup, runContainer } = e2eClient(base);
const step = stepOf("scale-e2e");
const sh = (command) => execFileSync("sh", ["-c", command], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

await setup("scale-check-password-1");
step("signed in through the load balancer");
await call("settings.update", "mutation", { publicUrl: base });
const { token } = await call("hosts.createEnrollmentToken", "mutation", { hostName: "scale-engine" });
const { docker } = enrollCommands({ serverUrl: base, token });
// This machine's side of the socket is the testbed engine's; inside the container it stays /var/run/docker.sock.
sh(docker.replace("stat -c %g /var/run/docker.sock", `stat -c %g ${socket}`).replace("-v /var/run/docker.sock:", `-v ${socket}:`));
step(`ran the printed agent line: ${docker.replace(token, "<token>")}`);
const host = await until("the engine's host online", 60_000, async () => (await call("hosts.list", "query")).find((h) => h.name === "scale-engine" && h.status === "online"));
step(`host "scale-engine" online (${host.id}) through the balancer`);
const first = await runContainer(host.id, image, `scale-check-a-${process.pid}`);
step("container started and running");

sh("docker-compose kill dockmaster-1 >/dev/null 2>&1");
const killed = Date.now();
step("instance dockmaster-1 killed");
// Until the balancer and the agent have moved over, calls may fail or the host show offline.
await until("the host online again, answering through the other instance", 90_000, async () => {
  const list = await call("containers.list", "query", { hostId: host.id });
  return list.some((c) => c.id === first) || undefined;
});
step(`the session and the host work through dockmaster-2 (${((Date.now() - killed) / 1000).toFixed(1)} s after the kill)`);
const second = await runContainer(host.id, image, `scale-check-b-${process.pid}`);
step("a container started after the kill");
for (const id of [first, second]) await call("containers.remove", "mutation", { hostId: host.id, id, force: true });
step("containers removed: ok");
