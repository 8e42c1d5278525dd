"use client";
import { useState } from "react";
import type { StackGitSource } from "@dockmaster/core";
import { TextField } from "../components/forms";
import { Button } from "../components/ui";

/** The server's git source (a stored password is never sent back: `password` only when typed), plus whether to make a webhook secret (shown once). */
export type GitSourceValue = StackGitSource & { webhook: boolean };

/**
 * Where a git-backed stack's files come from: repository URL, branch, directory, compose files,
 * HTTP credentials (the password sealed on the server, never shown again), polling interval and
 * whether a new commit redeploys. The webhook (URL and secret shown once) is set apart.
 */
export function GitSourceForm({ stackName, initial, passwordStored = false, onSave, saving, error, submitLabel }: {
  stackName: string;
  initial: Partial<GitSourceValue>;
  passwordStored?: boolean;
  onSave: (value: GitSourceValue) => void;
  saving: boolean;
  error?: string | null;
  submitLabel: string;
}) {
  const [url, setUrl] = useState(initial.url ?? "");
  const [branch, setBranch] = useState(initial.branch ?? "main");
  const [path, setPath] = useState(initial.path ?? "");
  const [files, setFiles] = useState((initial.files ?? ["compose.yaml"]).join(", "));
  const [username, setUsername] = useState(initial.username ?? "");
  const [password, setPassword] = useState("");
  const [poll, setPoll] = useState(initial.pollIntervalSeconds ? String(initial.pollIntervalSeconds) : "");
  const [autoDeploy, setAutoDeploy] = useState(initial.autoDeploy ?? true);
  const [webhook, setWebhook] = useState(initial.webhook ?? true);
  const pollSeconds = poll.trim() === "" ? undefined : Number(poll);
  const problem = !/^https?:\/\/[^@/\s]+\//.test(url.trim()) ? "Give the repository's http(s):// URL, without credentials in it" : pollSeconds !== undefined && (!Number.isInteger(pollSeconds) || pollSeconds < 60) ? "Poll every 60 seconds or more (or leave empty: webhook only)" : null;
  return (
    <form
      aria-label={`Git source of ${stackName}`}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (problem) return;
        onSave({
          url: url.trim(),
          branch: branch.trim() || "main",
          path: path.trim().replace(/^\/+|\/+$/g, ""),
          files: files.split(",").map((f) => f.trim()).filter(Boolean),
          username: username.trim() || undefined,
          password: password || undefined,
          pollIntervalSeconds: pollSeconds,
          autoDeploy,
          webhook,
        });
      }}
    >
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <TextField label="Repository URL" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://git.example.com/team/shop.git" />
        <TextField label="Branch" value={branch} onChange={(e) => setBranch(e.target.value)} />
        <TextField label="Directory in the repository" value={path} onChange={(e) => setPath(e.target.value)} placeholder="(the root)" />
        <TextField label="Compose files, in override order" value={files} onChange={(e) => setFiles(e.target.value)} />
        <TextField label="User name (HTTP)" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        <TextField label="Password or token" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" placeholder={passwordStored ? "•••••• stored (leave empty to keep)" : ""} />
        <TextField label="Poll every (seconds)" type="number" min={60} value={poll} onChange={(e) => setPoll(e.target.value)} placeholder="no polling" />
        <label className="flex items-center gap-2 self-end text-xs text-zinc-300">
          <input type="checkbox" checked={autoDeploy} onChange={(e) => setAutoDeploy(e.target.checked)} /> Redeploy when a new commit changes the files
        </label>
        <label className="flex items-center gap-2 text-xs text-zinc-300">
          <input type="checkbox" checked={webhook} onChange={(e) => setWebhook(e.target.checked)} /> Make a webhook (its secret is shown once)
        </label>
      </div>
      {(problem ?? error) && <p role="alert" className="text-xs text-rose-300">{problem ?? error}</p>}
      <Button type="submit" variant="primary" disabled={saving || Boolean(problem)}>
        {saving ? "Fetching…" : submitLabel}
      </Button>
    </form>
  );
}

/** The webhook's URL and its secret, shown once when created: copy them into the git server now. */
export function WebhookSecretOnce({ url, secret }: { url: string; secret: string }) {
  return (
    <div role="status" className="space-y-1 rounded border border-amber-700/60 bg-amber-950/40 px-3 py-2 text-xs text-amber-100" data-testid="webhook-secret">
      <p className="font-semibold">Copy the secret now: it is shown this once and stored sealed.</p>
      <p>
        Payload URL: <code className="mono select-all">{url}</code>
      </p>
      <p>
        Secret: <code className="mono select-all">{secret}</code>
      </p>
      <p className="text-amber-200/80">Content type application/json, HMAC-SHA256 signature in X-Hub-Signature-256 (GitHub, Gitea, Forgejo send it so).</p>
    </div>
  );
}
