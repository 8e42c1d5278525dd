"use client";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Ago } from "../components/Ago";
import { Button, ErrorBanner } from "../components/ui";
import { WebhookSecretOnce } from "./GitSourceForm";

export interface GitSettings {
  id: string;
  name: string;
  gitUrl: unknown;
  gitBranch: unknown;
  gitPath: unknown;
  gitFiles: string[] | null;
  gitUsername: unknown;
  pollIntervalSeconds: unknown;
  autoDeploy: unknown;
  lastPolledAt: unknown;
  webhook: boolean;
}

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** A git-backed stack's source: where its files come from, fetch now, and the webhook (a new secret is shown once). */
export function StackGitTab({ stack, hostId, mayDeploy }: { stack: GitSettings; hostId: string; mayDeploy: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const sync = useMutation(trpc.stacks.syncGit.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.stacks.pathFilter()) }));
  const rotate = useMutation(trpc.stacks.rotateWebhookSecret.mutationOptions({ onSuccess: (r) => setSecret({ url: new URL(r.webhookPath, window.location.origin).toString(), secret: r.webhookSecret }) }));
  if (!text(stack.gitUrl)) {
    return <p className="text-sm text-zinc-400">{stack.name} is edited here, not fetched from a git repository. A git-backed stack is made from New stack → From a git repository.</p>;
  }
  const rows: Array<[string, string | null]> = [
    ["Repository", text(stack.gitUrl)],
    ["Branch", text(stack.gitBranch)],
    ["Directory", text(stack.gitPath) ?? "(the root)"],
    ["Compose files", (stack.gitFiles ?? []).join(", ")],
    ["User name", text(stack.gitUsername) ?? "none (public repository)"],
    ["Polling", typeof stack.pollIntervalSeconds === "number" ? `every ${stack.pollIntervalSeconds} s` : "off"],
    ["New commits", stack.autoDeploy === true ? "redeploy on every host" : "add a revision only"],
    ["Webhook", stack.webhook ? "set (HMAC-SHA256)" : "none"],
  ];
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-500">{k}</dt>
            <dd className="mono text-xs text-zinc-200">{v}</dd>
          </div>
        ))}
        <dt className="text-zinc-500">Last polled</dt>
        <dd className="text-xs text-zinc-300">
          <Ago date={stack.lastPolledAt instanceof Date || typeof stack.lastPolledAt === "string" ? new Date(stack.lastPolledAt) : null} />
        </dd>
      </dl>
      {mayDeploy && (
        <div className="flex gap-2">
          <Button onClick={() => sync.mutate({ hostId, stackId: stack.id })} disabled={sync.isPending}>
            {sync.isPending ? "Fetching…" : `Fetch ${stack.name} now`}
          </Button>
          <Button onClick={() => rotate.mutate({ hostId, stackId: stack.id })} disabled={rotate.isPending}>
            {stack.webhook ? `New webhook secret for ${stack.name}` : `Make a webhook for ${stack.name}`}
          </Button>
        </div>
      )}
      {sync.data && <p role="status" className="text-sm text-emerald-300">{sync.data.changed ? `Commit ${sync.data.commit.slice(0, 10)} changed the files: revision ${sync.data.revision}.` : `Commit ${sync.data.commit.slice(0, 10)}: no change.`}</p>}
      {sync.error && <ErrorBanner message={sync.error.message} onClose={() => sync.reset()} />}
      {rotate.error && <ErrorBanner message={rotate.error.message} onClose={() => rotate.reset()} />}
      {secret && <WebhookSecretOnce url={secret.url} secret={secret.secret} />}
    </div>
  );
}
