"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Section } from "../components/forms";
import { ErrorBanner, Table } from "../components/ui";

/**
 * Each stack's update policy (settings.manage): notify only, or update automatically inside the
 * maintenance window. A container's own io.dockmaster.update label overrides its stack's policy.
 */
export function StackPolicies() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policies = useQuery(trpc.updates.stackPolicies.queryOptions());
  const save = useMutation(
    trpc.updates.setStackPolicy.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.updates.stackPolicies.pathFilter()), queryClient.invalidateQueries(trpc.updates.status.pathFilter())]),
    }),
  );
  if (!policies.data || policies.data.length === 0) return null;
  return (
    <Section title="Stack update policies">
      {save.error && <ErrorBanner message={save.error.message} />}
      <Table head={["Stack", "Policy"]}>
        {policies.data.map((p) => (
          <tr key={p.stackId} data-testid="stack-policy-row" data-stack={p.name}>
            <td className="px-3 py-1.5 text-zinc-200">{p.name}</td>
            <td className="px-3 py-1.5">
              <select
                aria-label={`Update policy of stack ${p.name}`}
                className="rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm"
                value={p.mode}
                disabled={save.isPending}
                onChange={(e) => save.mutate({ stackId: p.stackId, mode: e.target.value === "auto" ? "auto" : "notify" })}
              >
                <option value="notify">Notify only</option>
                <option value="auto">Update automatically in the window</option>
              </select>
            </td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
