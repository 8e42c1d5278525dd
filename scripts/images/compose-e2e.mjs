#!/usr/bin/env node
// The end-to-end check of a Dockmaster started from its images (scripts/compose-check.sh), over
// HTTP as the UI's client talks to it: first-run setup (sign in), the local engine's host comes
// online, a container is started on it and seen running, then removed. With a machine (a
// container running systemd, see deploy/ci-systemd), the Add host dialog's install line is run in
// it for real: the public URL set to where that machine reaches the control plane, the printed
// `curl … | sh` line executed there, the unit active and the host online, then the printed
// uninstall line, after which the unit and the agent's files are gone and the host offline.
//   node --import tsx scripts/images/compose-e2e.mjs <base-url> <image> [<machine container> <public url>]
import { execFileSync } from "node:child_process";
import { enrollCommands } from "../../apps/web/src/client/enroll-commands.ts";
import { e2eClient } from "./e2e-client.mjs";

const [base, image, machine, publicUrl] = process.argv.slice(2);
if (!base || !image) throw new Error("usage: compose-e2e.mjs <base-url> <image> [<machine container> <public url>]");
const { call, until, step: stepOf, setup, runContainer } = e2eClient(base);
const step = stepOf("compose-e2e");
await setup("compose-check-password-1");
step("signed in as the first admin");
const host = await until("the local engine's host online", 60_000, async () => (await call("hosts.list", "query")).find((h) => h.name === "local" && h.status === "online"));
step(`host "local" online (${host.id})`);
const name = `compose-check-${process.pid}`;
const id = await runContainer(host.id, image, name);
step(`container ${name} started and running`);
await call("containers.remove", "mutation", { hostId: host.id, id, force: true });
step("container removed: ok");

if (machine) {
  const inMachine = (command) => execFileSync("docker", ["exec", machine, "sh", "-c", command], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  await call("settings.update", "mutation", { publicUrl });
  const { token } = await call("hosts.createEnrollmentToken", "mutation", { hostName: "systemd-machine" });
  const { install, uninstall } = enrollCommands({ serverUrl: (await call("settings.get", "query")).publicUrl, token });
  step(`running the printed install line in ${machine}: ${install.replace(token, "<token>")}`);
  await until(`systemd running in ${machine}`, 60_000, async () => /^(running|degraded)/.test(inMachine("systemctl is-system-running || true").trim()) || undefined);
  try {
    inMachine(install);
  } catch (error) {
    throw new Error(`the install line failed: ${error.stderr || error.message}`);
  }
  const active = inMachine("systemctl is-active dockmaster-agent").trim();
  if (active !== "active") throw new Error(`dockmaster-agent.service is ${active}`);
  const installed = await until("the machine's host online", 30_000, async () => (await call("hosts.list", "query")).find((h) => h.name === "systemd-machine" && h.status === "online"));
  step(`dockmaster-agent.service active under systemd, host "systemd-machine" online (${installed.id})`);
  inMachine(uninstall);
  const gone = inMachine("systemctl list-unit-files dockmaster-agent.service --no-legend | wc -l; test -e /opt/dockmaster-agent && echo left || echo removed").split("\n").map((l) => l.trim());
  if (gone[0] !== "0" || gone[1] !== "removed") throw new Error(`uninstall left the unit or its files: ${gone.join(" ")}`);
  await until("the machine's host offline", 60_000, async () => (await call("hosts.list", "query")).find((h) => h.id === installed.id && h.status !== "online"));
  step("uninstalled: unit and files gone, host offline: ok");
}
