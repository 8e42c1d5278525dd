"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { refusalMessage } from "../refusal-message";
import { useTRPC } from "../trpc";
import { SelectField, TextField } from "./forms";
import { Button, ErrorBanner } from "./ui";

/** Connect a container to a network, with DNS aliases and optionally a fixed IPv4 address. Joining a macvlan / ipvlan or a bridge on a host interface needs container.create.privileged: the refusal says "Not allowed: …". */
export function NetworkConnectForm({ hostId, networkId, attached }: { hostId: string; networkId: string; attached: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const containers = useQuery(trpc.containers.list.queryOptions({ hostId }));
  const [container, setContainer] = useState("");
  const [aliases, setAliases] = useState("");
  const [ip, setIp] = useState("");
  const connect = useMutation(
    trpc.networks.connect.mutationOptions({
      onSuccess: async () => {
        setContainer("");
        setAliases("");
        setIp("");
        await queryClient.invalidateQueries(trpc.networks.pathFilter());
      },
    }),
  );
  const candidates = (containers.data ?? []).filter((c) => !attached.includes(c.id));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = aliases.split(/[\s,]+/).filter(Boolean);
    connect.mutate({ hostId, spec: { network: networkId, container, aliases: list.length ? list : undefined, ipv4Address: ip.trim() || undefined } });
  };
  return (
    <form onSubmit={submit} data-testid="network-connect-form" className="space-y-2">
      {connect.error && <ErrorBanner message={refusalMessage(connect.error)} onClose={() => connect.reset()} />}
      <div className="grid items-end gap-3 md:grid-cols-4">
        <SelectField label="Container" value={container} onChange={(e) => setContainer(e.target.value)} required>
          <option value="">choose…</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.state})
            </option>
          ))}
        </SelectField>
        <TextField label="Aliases (DNS names)" value={aliases} onChange={(e) => setAliases(e.target.value)} placeholder="api, db" />
        <TextField label="IPv4 address (optional)" value={ip} onChange={(e) => setIp(e.target.value)} placeholder="from the subnet" />
        <Button type="submit" variant="primary" disabled={!container || connect.isPending}>
          Connect
        </Button>
      </div>
    </form>
  );
}
