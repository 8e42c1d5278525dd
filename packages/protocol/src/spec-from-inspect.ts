import type { ContainerCreateSpecInput } from "./container-spec";
import type { ContainerInspect } from "./dto";

// Safe reads of the inspect document (its shape varies by engine version).
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

type Spec = ContainerCreateSpecInput;
type Port = NonNullable<Spec["portBindings"]>[number];
type Mount = NonNullable<Spec["mounts"]>[number];

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);
const strings = (v: unknown) => {
  const list = arr(v).filter((x): x is string => typeof x === "string");
  return list.length ? list : undefined;
};
/** Drops keys whose value is undefined, so the spec holds only what the container really set. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Modes that are the engine's default (not a choice worth copying). */
const DEFAULT_NETWORK = new Set(["", "default"]);
const DEFAULT_IPC = new Set(["", "private", "shareable"]);
const MOUNT_TYPES = new Set(["bind", "volume", "tmpfs"]);

function portBindings(hostConfig: Record<string, unknown>): Port[] | undefined {
  const ports = Object.entries(obj(hostConfig.PortBindings)).flatMap(([key, bindings]) => {
    const [port = "", protocol = "tcp"] = key.split("/");
    return arr(bindings).map((b): Port => ({ containerPort: Number(port), protocol: protocol as Port["protocol"], hostIp: str(obj(b).HostIp) ?? "", hostPort: str(obj(b).HostPort) ?? "" }));
  });
  return ports.length ? ports : undefined;
}

function mounts(hostConfig: Record<string, unknown>): Mount[] | undefined {
  const list = arr(hostConfig.Mounts)
    .map(obj)
    .filter((m) => MOUNT_TYPES.has(String(m.Type)))
    .map((m): Mount => defined({ type: m.Type as Mount["type"], source: str(m.Source), target: String(m.Target), readOnly: m.ReadOnly === true ? true : undefined }));
  return list.length ? list : undefined;
}

/** User aliases on the container's network; the engine adds the short container id itself. */
function aliases(inspect: ContainerInspect, network: string | undefined): string[] | undefined {
  if (!network) return undefined;
  const id = str(inspect.Id) ?? "";
  const list = strings(obj(obj(obj(inspect.NetworkSettings).Networks)[network]).Aliases)?.filter((a) => !id.startsWith(a));
  return list?.length ? list : undefined;
}

/**
 * "Run again with changes" and *Update* (recreate from the new image): the create spec that would make this container again, read from its
 * inspect document. Only what the container set is copied (defaults are left out), so the spec
 * passes the same checks — including the sensitive-capability one — as the original request.
 * Config values the image supplied (Env, Cmd, labels …) are copied as they are: the container
 * runs with them, so the copy does too.
 */
export function specFromInspect(inspect: ContainerInspect): Spec {
  const config = obj(inspect.Config);
  const host = obj(inspect.HostConfig);
  const restart = obj(host.RestartPolicy);
  const restartName = str(restart.Name);
  const networkMode = DEFAULT_NETWORK.has(str(host.NetworkMode) ?? "") ? undefined : str(host.NetworkMode);
  const limits = defined({
    memoryBytes: num(host.Memory),
    memorySwapBytes: host.MemorySwap === -1 ? -1 : num(host.MemorySwap),
    nanoCpus: num(host.NanoCpus),
    cpuShares: num(host.CpuShares),
    pidsLimit: num(host.PidsLimit),
  });
  const devices = arr(host.Devices).map(obj).map((d) => ({ pathOnHost: String(d.PathOnHost), pathInContainer: String(d.PathInContainer), cgroupPermissions: str(d.CgroupPermissions) }));
  const labels = obj(config.Labels) as Record<string, string>;
  return defined({
    image: str(config.Image) ?? str(inspect.Image) ?? "",
    name: str(inspect.Name)?.replace(/^\//, ""),
    cmd: strings(config.Cmd),
    entrypoint: strings(config.Entrypoint),
    env: strings(config.Env),
    labels: Object.keys(labels).length ? labels : undefined,
    workingDir: str(config.WorkingDir),
    user: str(config.User),
    tty: config.Tty === true ? true : undefined,
    portBindings: portBindings(host),
    binds: strings(host.Binds),
    mounts: mounts(host),
    networkMode,
    networkAliases: aliases(inspect, networkMode),
    pidMode: str(host.PidMode),
    ipcMode: DEFAULT_IPC.has(str(host.IpcMode) ?? "") ? undefined : str(host.IpcMode),
    utsMode: str(host.UTSMode),
    usernsMode: str(host.UsernsMode),
    privileged: host.Privileged === true ? true : undefined,
    capAdd: strings(host.CapAdd),
    devices: devices.length ? devices : undefined,
    securityOpt: strings(host.SecurityOpt),
    restartPolicy: restartName && restartName !== "no" ? (restartName as Spec["restartPolicy"]) : undefined,
    restartMaxRetries: restartName === "on-failure" ? num(restart.MaximumRetryCount) : undefined,
    autoRemove: host.AutoRemove === true ? true : undefined,
    // Only a timeout the container chose (the engine leaves StopTimeout out otherwise).
    stopTimeout: typeof config.StopTimeout === "number" ? config.StopTimeout : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  });
}
