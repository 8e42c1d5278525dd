"use client";
import { useParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../src/client/trpc";
import { bytes } from "../../../../src/client/format";
import { Card, ErrorBanner } from "../../../../src/client/components/ui";

const list = (items: string[]) => (items.length ? items.join(", ") : "none");

/** `docker info`, with a line on what each item means in Docker's architecture. */
export default function EnginePage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const info = useQuery(trpc.engine.info.queryOptions({ hostId }));
  if (info.error) return <ErrorBanner message={info.error.message} />;
  const i = info.data;
  if (!i) return <p className="text-sm text-zinc-500">Asking the engine…</p>;
  return (
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
      <Card title="Cgroup driver" hint="Control groups decide how much a container may use (memory, CPU, pids); namespaces decide what it can see.">
        <span className="mono">{i.cgroupDriver || "—"}</span> · cgroup v{i.cgroupVersion || "?"}
      </Card>
      <Card title="Logging driver" hint="Where container stdout/stderr goes; json-file keeps it on disk under the root dir.">
        <span className="mono">{i.loggingDriver}</span>
      </Card>
      <Card title="Registry mirrors" hint="Pulls from Docker Hub try these mirrors first.">
        <span className="mono">{list(i.registryMirrors)}</span>
      </Card>
      <Card title="Insecure registries" hint="Registries the engine talks to over plain HTTP or unverified TLS.">
        <span className="mono">{list(i.insecureRegistries)}</span>
      </Card>
      <Card title="Resources" hint="What the kernel offers; cgroup limits divide it between containers.">
        {i.cpus} CPUs · {bytes(i.memTotal)} memory
      </Card>
      <Card title="Objects">
        {i.containers} containers ({i.containersRunning} running, {i.containersPaused} paused, {i.containersStopped} stopped) · {i.images} images
      </Card>
      <Card title="Security options" hint="Kernel features the engine applies to containers (seccomp profiles, AppArmor, user namespaces…).">
        <span className="mono text-xs">{list(i.securityOptions)}</span>
      </Card>
      <Card title="Engine">
        <span className="mono text-xs">{i.name}</span>
        <div className="mono text-xs text-zinc-500">{i.id}</div>
      </Card>
    </div>
  );
}
