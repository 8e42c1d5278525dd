"use client";
import { useState, type ReactNode } from "react";
import { DefinitionRows } from "../../../../../src/client/components/DefinitionRows";
import { useParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../../src/client/trpc";
import { arr, obj, text, when } from "../../../../../src/client/inspect";
import { Card, QueryError } from "../../../../../src/client/components/ui";
import { NamespacesPanel } from "../../../../../src/client/components/NamespacesPanel";
import { PortPath } from "../../../../../src/client/components/PortPath";
import { useStream } from "../../../../../src/client/use-stream";

export default function ContainerDetailPage() {
  const { hostId, containerId } = useParams<{ hostId: string; containerId: string }>();
  const trpc = useTRPC();
  const inspect = useQuery(trpc.containers.inspect.queryOptions({ hostId, id: containerId }));
  const running = obj(inspect.data?.State).Running === true;
  // Live usage beside each cgroup limit, from the container's stats stream while it runs.
  const [usage, setUsage] = useState<{ memoryBytes: number; cpuPercent: number; pids: number } | null>(null);
  useStream(running ? { hostId, type: "container.stats", params: { id: containerId } } : null, (frames) => {
    const last = frames.at(-1);
    if (last) setUsage({ memoryBytes: last.memoryBytes, cpuPercent: last.cpuPercent, pids: last.pids });
  });
  if (inspect.error) return <QueryError error={inspect.error} />;
  const c = inspect.data;
  if (!c) return <p className="text-sm text-zinc-500">Inspecting…</p>;
  const state = obj(c.State);
  const host = obj(c.HostConfig);
  const config = obj(c.Config);
  const networks = Object.entries(obj(obj(c.NetworkSettings).Networks));
  const ports = Object.entries(obj(obj(c.NetworkSettings).Ports));
  const env = arr(config.Env).map(String);
  const labels = Object.entries(obj(config.Labels));
  return (
    <div className="space-y-3">
      <div className="grid gap-3 lg:grid-cols-2">
        <Card title="Overview">
          <DefinitionRows rows={[["ID", text(c.Id)], ["Image", text(config.Image)], ["Image ID", text(c.Image)], ["Created", when(c.Created)], ["Started", when(state.StartedAt)], ["Finished", when(state.FinishedAt)], ["Exit code", text(state.ExitCode)], ["Restart count", text(c.RestartCount)], ["Entrypoint", text(config.Entrypoint)], ["Command", text(config.Cmd)], ["Working dir", text(config.WorkingDir)], ["User", text(config.User)], ["Restart policy", text(obj(host.RestartPolicy).Name)], ["Privileged", text(host.Privileged)], ["Cgroup parent", text(host.CgroupParent)]]} />
        </Card>
        <NamespacesPanel inspect={c} usage={usage ?? undefined} />
        <Card title="Network" hint="On a bridge network each container gets a veth pair; published ports are DNAT rules (and docker-proxy) from the host to this IP.">
          <DefinitionRows
            rows={[
              ...networks.map(([name, n]): [string, ReactNode] => [name, `${text(obj(n).IPAddress)} gw ${text(obj(n).Gateway)} mac ${text(obj(n).MacAddress)}`]),
              ...ports.map(([port, bindings]): [string, ReactNode] => [port, arr(bindings).map((b) => `${text(obj(b).HostIp)}:${text(obj(b).HostPort)}`).join(", ") || "not published"]),
            ]}
          />
        </Card>
        {ports.length > 0 && (
          <Card title="Port path">
            <PortPath hostId={hostId} containerId={containerId} />
          </Card>
        )}
        <Card title="Mounts">
          <DefinitionRows rows={arr(c.Mounts).map((m): [string, ReactNode] => [text(obj(m).Destination), `${text(obj(m).Type)} ${text(obj(m).Source)} ${obj(m).RW === false ? "(ro)" : ""}`])} />
          {arr(c.Mounts).length === 0 && <span className="text-zinc-500">none</span>}
        </Card>
        <Card title="Environment">
          <ul className="mono space-y-0.5 text-xs">{env.length ? env.map((e) => <li key={e}>{e}</li>) : <li className="text-zinc-500">none</li>}</ul>
        </Card>
        <Card title="Labels">
          <DefinitionRows rows={labels.map(([k, v]): [string, ReactNode] => [k, text(v)])} />
          {labels.length === 0 && <span className="text-zinc-500">none</span>}
        </Card>
      </div>
      <details className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
        <summary className="cursor-pointer text-sm text-zinc-300">Raw inspect JSON</summary>
        <pre className="mono mt-3 max-h-[32rem] overflow-auto text-xs text-zinc-300">{JSON.stringify(c, null, 2)}</pre>
      </details>
    </div>
  );
}
