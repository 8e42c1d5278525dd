"use client";
import { useParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../src/client/trpc";
import { bytes } from "../../../../src/client/format";
import { Card, QueryError } from "../../../../src/client/components/ui";
import { DiskUsage } from "./disk-usage";
import { PruneAll } from "./prune-all";
import { RawInfo } from "./raw-info";

const list = (items: string[]) => (items.length ? items.join(", ") : "none");

/** `docker info`, with a line on what each item means in Docker's architecture. */
export default function EnginePage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const info = useQuery(trpc.engine.info.queryOptions({ hostId }));
  if (info.error) return <QueryError error={info.error} />;
  const i = info.data;
  if (!i) return <p className="text-sm text-zinc-500">Asking the engine…</p>;
  return (
    <div className="space-y-4">
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
      <Card title="Version" hint="The docker CLI and this agent talk to dockerd through its REST API; the API version bounds which endpoints and fields exist.">
        <span className="mono">Docker {i.serverVersion}</span> · API <span className="mono">{i.apiVersion}</span>
      </Card>
      <Card title="Operating system" hint="Containers share this kernel: they are isolated processes, not virtual machines.">
        {i.operatingSystem} · {i.osType}/{i.architecture}
        <div className="mono text-xs text-zinc-400">kernel {i.kernelVersion}</div>
      </Card>
      <Card title="Docker Root Dir" hint="Where the engine keeps image layers, container writable layers, volumes and metadata.">
        <span className="mono">{i.dockerRootDir}</span>
      </Card>
      <Card title="Storage driver" hint="The union filesystem that stacks an image's read-only layers under each container's copy-on-write layer.">
        <span className="mono">{i.storageDriver}</span>
        {i.driverStatus.length > 0 && (
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-zinc-400">
            {i.driverStatus.map(([k, v]) => (
              <div key={k} className="contents">
                <dt>{k}</dt>
                <dd className="mono">{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
      <Card title="Cgroup driver" hint="How the engine sets resource limits: it writes each container's memory, CPU and pids limits into a control group, managed directly (cgroupfs) or through systemd. cgroup v2 is the unified hierarchy.">
        <span className="mono">{i.cgroupDriver || "—"}</span> · cgroup v{i.cgroupVersion || "?"}
      </Card>
      <Card title="Logging driver" hint="Where the engine sends each container's stdout/stderr by default; json-file and local keep it on disk under the root dir, which is what docker logs reads.">
        <span className="mono">{i.loggingDriver}</span>
      </Card>
      <Card title="Registry mirrors" hint="Pulls from Docker Hub try these mirrors first (a pull-through cache); other registries are contacted directly.">
        <span className="mono">{list(i.registryMirrors)}</span>
      </Card>
      <Card title="Insecure registries" hint="Registries the engine talks to over plain HTTP or unverified TLS.">
        <span className="mono">{list(i.insecureRegistries)}</span>
      </Card>
      <Card title="CPUs and memory" hint="What the kernel offers to all containers together; without cgroup limits one container may use all of it.">
        {i.cpus} CPUs · {bytes(i.memTotal)} memory
      </Card>
      <Card title="Objects" hint="Containers are processes the engine supervises (stopped ones keep their writable layer); images are the read-only layer stacks they start from.">
        {i.containers} containers ({i.containersRunning} running, {i.containersPaused} paused, {i.containersStopped} stopped) · {i.images} images
      </Card>
      <Card title="Security options" hint="Kernel features the engine applies to containers (seccomp profiles, AppArmor, user namespaces…).">
        <span className="mono text-xs">{list(i.securityOptions)}</span>
      </Card>
      <Card title="Engine" hint="The daemon's hostname and its unique ID (dockerd keeps it across restarts).">
        <span className="mono text-xs">{i.name}</span>
        <div className="mono break-all text-xs text-zinc-500">{i.id}</div>
      </Card>
    </div>
      <div className="flex items-center gap-3">
        <h2 className="text-base font-semibold text-white">Disk usage</h2>
        <span className="text-xs text-zinc-500">docker system df</span>
        <span className="ml-auto">
          <PruneAll hostId={hostId} />
        </span>
      </div>
      <DiskUsage hostId={hostId} />
      <RawInfo raw={i.raw} />
    </div>
  );
}
