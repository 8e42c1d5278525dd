import type { ContainerCreateSpec } from "@dockmaster/protocol";

const isHostMode = (mode: string | undefined) => mode === "host";
const joinsContainer = (mode: string | undefined) => mode?.startsWith("container:") ?? false;

/**
 * Everything in a create spec that reaches past the container's own sandbox, each named. Checked
 * on every field that can express it — `binds` AND `mounts`, namespace modes, capabilities,
 * devices, security options — so no alternate shape slips through. Empty = an ordinary container.
 */
export function sensitiveCapabilities(spec: ContainerCreateSpec): string[] {
  const found: string[] = [];
  if (spec.privileged) found.push("privileged mode");
  for (const bind of spec.binds ?? []) {
    const source = bind.split(":")[0] ?? "";
    if (source.startsWith("/")) found.push(`host bind mount ${source} (binds)`);
  }
  for (const mount of spec.mounts ?? []) {
    if (mount.type === "bind") found.push(`host bind mount ${mount.source ?? "?"} (mounts)`);
  }
  const modes = { network: spec.networkMode, pid: spec.pidMode, ipc: spec.ipcMode, uts: spec.utsMode, user: spec.usernsMode };
  for (const [ns, mode] of Object.entries(modes)) {
    if (isHostMode(mode)) found.push(`host ${ns} namespace`);
    else if (joinsContainer(mode)) found.push(`${ns} namespace of another container (${mode})`);
  }
  if (spec.capAdd?.length) found.push(`added capabilities ${spec.capAdd.join(", ")}`);
  if (spec.devices?.length) found.push(`host devices ${spec.devices.map((d) => d.pathOnHost).join(", ")}`);
  const loosened = (spec.securityOpt ?? []).filter((o) => /unconfined|no-new-privileges[:=]false|label[:=]disable/i.test(o));
  if (loosened.length) found.push(`security options ${loosened.join(", ")}`);
  return found;
}
