"use client";
import { useState } from "react";
import { useParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../../src/client/trpc";
import { useHostPermissions } from "../../../../../src/client/permissions";
import { CidrExplanation } from "../../../../../src/client/components/CidrExplanation";
import { NetworkConnectForm } from "../../../../../src/client/components/NetworkConnectForm";
import { PortPath } from "../../../../../src/client/components/PortPath";
import { Button, Card, ErrorBanner, QueryError, Table } from "../../../../../src/client/components/ui";

const Pairs = ({ record }: { record: Record<string, string> }) =>
  Object.keys(record).length === 0 ? (
    <span className="text-zinc-500">none</span>
  ) : (
    <dl className="mono grid grid-cols-[auto_1fr] gap-x-3 text-xs">
      {Object.entries(record).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500">{k}</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );

export default function NetworkPage() {
  const { hostId, networkId } = useParams<{ hostId: string; networkId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const may = useHostPermissions(hostId);
  const network = useQuery(trpc.networks.inspect.queryOptions({ hostId, id: networkId }));
  const [tracing, setTracing] = useState<string | null>(null);
  const disconnect = useMutation(trpc.networks.disconnect.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.networks.pathFilter()) }));
  if (network.error) return <QueryError error={network.error} />;
  const n = network.data;
  if (!n) return <p className="text-sm text-zinc-500">Asking the engine…</p>;
  const ipam = n.ipam[0];
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold text-white" data-testid="network-name">
        {n.name} <span className="text-sm font-normal text-zinc-400">({n.driver}, {n.scope})</span>
      </h2>
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        <Card title="Addressing" hint="IPAM: the engine hands each container an address from the subnet (or the ip-range inside it); the gateway is the host's address on this network.">
          {ipam ? (
            <>
              <div className="mono text-xs">
                subnet {ipam.subnet} · gateway {ipam.gateway ?? "—"} {ipam.ipRange && `· range ${ipam.ipRange}`}
              </div>
              <div className="mt-2">
                <CidrExplanation subnet={ipam.subnet} gateway={ipam.gateway} ipRange={ipam.ipRange} />
              </div>
            </>
          ) : (
            <span className="text-zinc-500">no IPv4 configuration</span>
          )}
        </Card>
        <Card title="On the host" hint="A bridge network is a Linux bridge on the engine's host; each container is plugged in with a veth pair. The MTU is what every interface on it uses.">
          <div className="text-xs">
            bridge <span className="mono">{n.bridgeName ?? "— (not a bridge network)"}</span> · MTU <span className="mono">{n.mtu ?? "default (1500)"}</span>
          </div>
          <div className="mt-1 text-xs text-zinc-400">
            {n.internal ? "internal: no route to the outside" : "routed to the outside through NAT"} · {n.attachable ? "attachable" : "not attachable"}
          </div>
        </Card>
        <Card title="Options and labels" hint="Driver options configure the driver (bridge name, MTU, macvlan parent…); labels are free-form metadata for tools.">
          <div className="text-[10px] uppercase tracking-wide text-zinc-500">options</div>
          <Pairs record={n.options} />
          <div className="mt-2 text-[10px] uppercase tracking-wide text-zinc-500">labels</div>
          <Pairs record={n.labels} />
        </Card>
      </div>
      {disconnect.error && <ErrorBanner message={disconnect.error.message} onClose={() => disconnect.reset()} />}
      <h3 className="text-sm font-semibold text-zinc-300">Containers attached (running)</h3>
      <Table head={["Container", "IPv4", "IPv6", "MAC", ""]} empty={n.endpoints.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-500">No running container is attached.</p> : null}>
        {n.endpoints.map((e) => (
          <tr key={e.containerId} data-testid="network-endpoint">
            <td className="px-3 py-2">{e.name}</td>
            <td className="mono px-3 py-2 text-xs">{e.ipv4Address || "—"}</td>
            <td className="mono px-3 py-2 text-xs">{e.ipv6Address || "—"}</td>
            <td className="mono px-3 py-2 text-xs">{e.macAddress}</td>
            <td className="space-x-2 px-3 py-2 text-right">
              <Button onClick={() => setTracing(tracing === e.containerId ? null : e.containerId)}>Port path</Button>
              {may.has("network.manage") && (
                <Button variant="subtleDanger" onClick={() => disconnect.mutate({ hostId, network: networkId, container: e.containerId })}>
                  Disconnect
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {tracing && <PortPath hostId={hostId} containerId={tracing} />}
      {may.has("network.manage") && <NetworkConnectForm hostId={hostId} networkId={networkId} attached={n.endpoints.map((e) => e.containerId)} />}
    </div>
  );
}
