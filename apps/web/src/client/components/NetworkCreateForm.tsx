"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { checkAddressing } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { parseKeyValueLines } from "../key-value-lines";
import { refusalMessage } from "../refusal-message";
import { CidrExplanation } from "./CidrExplanation";
import { SelectField, TextField } from "./forms";
import { Button, ErrorBanner } from "./ui";

const DRIVER_HINTS = {
  bridge: "A Linux bridge on the host; containers get veth pairs into it and reach the outside through NAT (unless internal). Options naming a host interface (such as com.docker.network.bridge.name) need the permission “Create privileged containers”.",
  macvlan: "Each container gets its own MAC address on the parent interface, as if plugged into the physical network. The host itself cannot reach them through the parent. It puts containers on the host's network: macvlan and ipvlan need the permission “Create privileged containers”.",
  ipvlan: "Containers share the parent interface's MAC address but get their own IP addresses (L2 mode), useful where switches limit MACs per port. It puts containers on the host's network: macvlan and ipvlan need the permission “Create privileged containers”.",
} as const;

/** Create a network; the subnet is explained live as the user types (the server checks the same, plus overlap). */
export function NetworkCreateForm({ hostId, onDone }: { hostId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [driver, setDriver] = useState<keyof typeof DRIVER_HINTS>("bridge");
  const [subnet, setSubnet] = useState("");
  const [gateway, setGateway] = useState("");
  const [ipRange, setIpRange] = useState("");
  const [parent, setParent] = useState("");
  const [internal, setInternal] = useState(false);
  const [attachable, setAttachable] = useState(false);
  const [labels, setLabels] = useState("");
  const [options, setOptions] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(
    trpc.networks.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.networks.list.pathFilter());
        onDone();
      },
    }),
  );
  // The live check under the subnet (CidrExplanation) runs the same rules: while it shows an
  // error, Create would only be refused, so it is disabled and says which field to fix.
  const addressErrors = subnet.trim() || gateway.trim() || ipRange.trim() ? checkAddressing({ subnet, gateway, ipRange }).errors : [];
  const blockedBy = [...new Set(addressErrors.map((x) => (x.field === "ipRange" ? "ip range" : x.field)))];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const l = parseKeyValueLines(labels);
    const o = parseKeyValueLines(options);
    if (l.error || o.error) return setFormError(l.error ? `labels: ${l.error}` : `options: ${o.error}`);
    setFormError(null);
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    create.mutate({ hostId, spec: { name: name.trim(), driver, internal, attachable, subnet: optional(subnet), gateway: optional(gateway), ipRange: optional(ipRange), parent: driver === "bridge" ? undefined : optional(parent), labels: l.value, options: o.value } });
  };
  return (
    <form onSubmit={submit} data-testid="network-create-form" className="space-y-3 rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      {(formError ?? create.error) && <ErrorBanner message={formError ?? (create.error ? refusalMessage(create.error) : "")} />}
      <div className="grid gap-3 md:grid-cols-3">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required placeholder="app-net" />
        <SelectField label="Driver" value={driver} onChange={(e) => setDriver(e.target.value as keyof typeof DRIVER_HINTS)}>
          <option value="bridge">bridge</option>
          <option value="macvlan">macvlan</option>
          <option value="ipvlan">ipvlan</option>
        </SelectField>
        {driver !== "bridge" && <TextField label="Parent interface" value={parent} onChange={(e) => setParent(e.target.value)} placeholder="eth0 or eth0.10" />}
      </div>
      <p className="text-xs text-zinc-500">{DRIVER_HINTS[driver]}</p>
      <div className="grid gap-3 md:grid-cols-3">
        <TextField label="Subnet (CIDR)" value={subnet} onChange={(e) => setSubnet(e.target.value)} placeholder="172.30.0.0/24" />
        <TextField label="Gateway" value={gateway} onChange={(e) => setGateway(e.target.value)} placeholder="172.30.0.1" />
        <TextField label="IP range" value={ipRange} onChange={(e) => setIpRange(e.target.value)} placeholder="172.30.0.128/25" />
      </div>
      <CidrExplanation subnet={subnet} gateway={gateway} ipRange={ipRange} />
      <div className="flex flex-wrap gap-4 text-xs text-zinc-300">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> internal (no route to the outside)
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={attachable} onChange={(e) => setAttachable(e.target.checked)} /> attachable
        </label>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block text-xs text-zinc-400">
          Labels (key=value per line)
          <textarea aria-label="Labels" value={labels} onChange={(e) => setLabels(e.target.value)} rows={2} className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-xs" />
        </label>
        <label className="block text-xs text-zinc-400">
          Driver options (key=value per line)
          <textarea aria-label="Driver options" value={options} onChange={(e) => setOptions(e.target.value)} rows={2} placeholder={"com.docker.network.driver.mtu=1400\ncom.docker.network.bridge.enable_icc=false"} className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-xs" />
        </label>
      </div>
      <div className="flex items-center justify-end gap-2">
        {blockedBy.length > 0 && (
          <span className="mr-auto text-xs text-rose-300" data-testid="network-create-blocked">
            Fix the {blockedBy.join(" and ")} before creating the network: {addressErrors.map((x) => x.message).join("; ")}.
          </span>
        )}
        <Button type="button" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={create.isPending || !name.trim() || blockedBy.length > 0}>
          {create.isPending ? "Creating…" : "Create network"}
        </Button>
      </div>
    </form>
  );
}
