"use client";
import { Suspense, useState } from "react";
import { useSearchParams } from "next/navigation";
import Link from "next/link";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { Section, SelectField, TextField } from "../../src/client/components/forms";
import { Badge, Button, ErrorBanner, Table } from "../../src/client/components/ui";
import { VerifyResult } from "../../src/client/audit/VerifyResult";
import { useAnywherePermissions } from "../../src/client/permissions";

type Result = "ok" | "denied" | "error" | "";

const RESULTS: Result[] = ["ok", "denied", "error"];

/** `?result=denied` (or ok, error) opens the trail filtered: the overview's denials link here. */
export default function AuditPage() {
  return (
    <Suspense>
      <AuditFromUrl />
    </Suspense>
  );
}

function AuditFromUrl() {
  const asked = useSearchParams().get("result") as Result | null;
  return <AuditTrail initialResult={asked && RESULTS.includes(asked) ? asked : ""} />;
}

function AuditTrail({ initialResult }: { initialResult: Result }) {
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [result, setResult] = useState<Result>(initialResult);
  const [text, setText] = useState("");
  const filter = { actor: actor || undefined, action: action || undefined, result: result || undefined, text: text || undefined };
  const audit = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ ...filter, limit: 50 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const rows = (audit.data?.pages ?? []).flatMap((p) => p.items);
  // Host names for the Host column (revoked ones too) of the hosts the user may view; another
  // host (or a removed one) shows its id. Without host.view anywhere the list is not asked for.
  const may = useAnywherePermissions();
  const hosts = useQuery({ ...trpc.hosts.list.queryOptions({ includeRevoked: true }), enabled: may.has("host.view") });
  const hostName = new Map((hosts.data ?? []).map((h) => [h.id, h.name]));
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1]));

  return (
    <div className="space-y-5">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold text-white">Audit trail</h1>
        <div className="flex items-center gap-2">
          <a className="rounded bg-zinc-800 px-2.5 py-1 text-xs hover:bg-zinc-700" href={`/api/audit/export?format=csv&${query.toString()}`}>Export CSV</a>
          <a className="rounded bg-zinc-800 px-2.5 py-1 text-xs hover:bg-zinc-700" href={`/api/audit/export?format=json&${query.toString()}`}>Export JSON</a>
          <Button variant="primary" onClick={() => verify.mutate()} disabled={verify.isPending}>Verify chain</Button>
        </div>
      </div>
      {verify.data && <VerifyResult result={verify.data} />}
      {(audit.error ?? verify.error) && <ErrorBanner message={(audit.error ?? verify.error)!.message} />}
      <Section title="Filter">
        <div className="grid max-w-4xl grid-cols-2 gap-3 md:grid-cols-4">
          <TextField label="Actor" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="username" />
          <TextField label="Action starts with" value={action} onChange={(e) => setAction(e.target.value)} placeholder="containers." />
          <SelectField label="Result" value={result} onChange={(e) => setResult(e.target.value as Result)}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="denied">denied</option>
            <option value="error">error</option>
          </SelectField>
          <TextField label="Search" value={text} onChange={(e) => setText(e.target.value)} placeholder="whole words, all must appear: stop web-1" title="Matches records holding every word (action, actor, target, parameters, error)" />
        </div>
      </Section>
      <Table head={["#", "Time", "Actor", "Action", "Host", "Target", "Result", "ms"]}>
        {rows.map((r) => (
          <tr key={r.seq} data-testid="audit-row" data-action={r.action} data-result={r.result}>
            <td className="mono px-3 py-1.5 text-xs text-zinc-500">{r.seq}</td>
            <td className="px-3 py-1.5 text-xs text-zinc-400">{new Date(r.time).toLocaleString()}</td>
            <td className="px-3 py-1.5 text-xs">{r.actorName ?? r.actorType}<div className="text-zinc-500">{r.ip}</div></td>
            <td className="mono px-3 py-1.5 text-xs">{r.action}</td>
            <td className="px-3 py-1.5 text-xs" data-testid="audit-host">
              {r.hostId && (hostName.has(r.hostId) ? <Link href={`/hosts/${r.hostId}`} className="text-sky-300 hover:underline">{hostName.get(r.hostId)}</Link> : <span className="mono text-zinc-500" title="a host you may not view, or no longer in the inventory">{r.hostId.slice(0, 12)}</span>)}
            </td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-400">{[r.targetType, r.targetName ?? r.targetId?.slice(0, 12)].filter(Boolean).join(" ")}</td>
            <td className="px-3 py-1.5">
              <Badge tone={r.result === "ok" ? "green" : r.result === "denied" ? "amber" : "red"}>{r.result}</Badge>
              {r.error && <div className="mt-0.5 max-w-xs truncate text-xs text-zinc-500" title={r.error}>{r.error}</div>}
            </td>
            <td className="px-3 py-1.5 text-xs text-zinc-500">{r.durationMs ?? ""}</td>
          </tr>
        ))}
      </Table>
      {audit.hasNextPage && <Button onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>Load older</Button>}
    </div>
  );
}
