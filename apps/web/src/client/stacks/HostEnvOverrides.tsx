"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner } from "../components/ui";
import { EnvEditor } from "./EnvEditor";
import { envProblems, envTextFromRows, type EnvRow } from "./env-rows";

/**
 * A fleet stack's .env overrides for one host: variables that win over the stack's .env there.
 * Sealed by the server and never shown again, so this form replaces them as a whole (empty clears).
 */
export function HostEnvOverrides({ stackId, stackName, hostId, hostName }: { stackId: string; stackName: string; hostId: string; hostName: string }) {
  const trpc = useTRPC();
  const [rows, setRows] = useState<EnvRow[]>([]);
  const save = useMutation(trpc.stacks.setHostEnv.mutationOptions());
  const problems = envProblems(rows);
  return (
    <section aria-label={`.env overrides on ${hostName}`} className="space-y-2 rounded-lg border border-zinc-800 p-3">
      <h3 className="text-sm font-semibold text-white">.env overrides on {hostName}</h3>
      <p className="text-xs text-zinc-500">Saving replaces this host&apos;s overrides (stored sealed, not shown again); saving none clears them. The next deploy on {hostName} uses them.</p>
      <EnvEditor stackName={`${stackName} on ${hostName}`} rows={rows} onChange={setRows} />
      <Button onClick={() => save.mutate({ hostId, stackId, env: envTextFromRows(rows) })} disabled={save.isPending || problems.length > 0 || rows.some((r) => r.value === null)}>
        {`Save overrides of ${stackName} on ${hostName}`}
      </Button>
      {save.isSuccess && <p role="status" className="text-xs text-emerald-300">Saved.</p>}
      {save.error && <ErrorBanner message={save.error.message} onClose={() => save.reset()} />}
    </section>
  );
}
