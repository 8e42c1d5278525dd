"use client";
import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@dockmaster/api";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner } from "../components/ui";
import { TextField } from "../components/forms";
import { DeployPanel } from "./DeployPanel";
import { StackFilesEditor } from "./StackFilesEditor";
import { envProblems, envTextFromRows, rowsFromMaskedEnv } from "./env-rows";
import type { StackDraft } from "./stack-files";
import { useDebounced } from "../use-debounced";

export interface EditorRevision {
  number: number;
  composeFiles: Array<{ path: string; content: string }>;
  otherFiles: Array<{ path: string; content: string }>;
  /** Masked by the server: every value "[redacted]". */
  env: string;
}

type ValidationResult = inferRouterOutputs<AppRouter>["stacks"]["validate"];

export const draftFromRevision = (r: EditorRevision): StackDraft => ({ composeFiles: r.composeFiles, otherFiles: r.otherFiles, env: rowsFromMaskedEnv(r.env) });

/**
 * The server's validation of a draft, asked after a pause in typing (debounced), for the editor's
 * inline errors. A POST (a mutation): compose files up to 1 MiB do not fit in a URL. The last
 * answer stays shown while the next is asked; only the answer to the latest draft is kept.
 */
export function useValidation(name: string, draft: StackDraft, enabled: boolean) {
  const trpc = useTRPC();
  const input = useDebounced({ name, composeFiles: draft.composeFiles, otherFiles: draft.otherFiles, env: envTextFromRows(draft.env) }, 400);
  const { mutate, isPending, error } = useMutation(trpc.stacks.validate.mutationOptions());
  const [data, setData] = useState<ValidationResult | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const valid = /^[a-z0-9][a-z0-9_-]*$/.test(input.name);
    mutate(valid ? input : { ...input, name: "stack" }, { onSuccess: setData });
  }, [input, enabled, mutate]);
  const diagnostics = data ? [...data.errors, ...data.warnings] : [];
  const settled = input.composeFiles === draft.composeFiles && input.otherFiles === draft.otherFiles;
  return { validation: { data, error }, diagnostics, checking: isPending || !settled, ok: Boolean(data?.ok) && settled };
}

/**
 * A stack's files in the editor: the latest revision (the .env masked), edited, validated by the
 * server as you type; Save adds a revision (nothing when unchanged) and offers its plan and deploy.
 */
export function StackFilesTab({ stackId, stackName, hostId, hostName, revision, deployed, mayDeploy }: { stackId: string; stackName: string; hostId: string; hostName: string; revision: EditorRevision; deployed: boolean; mayDeploy: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<StackDraft>(() => draftFromRevision(revision));
  const [message, setMessage] = useState("");
  const [saved, setSaved] = useState<{ number: number; created: boolean } | null>(null);
  const check = useValidation(stackName, draft, mayDeploy);
  const save = useMutation(
    trpc.stacks.update.mutationOptions({
      onSuccess: (result) => {
        setSaved({ number: result.revision.number, created: result.created });
        setMessage("");
        void queryClient.invalidateQueries(trpc.stacks.pathFilter());
      },
    }),
  );
  const envIssues = envProblems(draft.env);
  return (
    <div className="space-y-3">
      <StackFilesEditor stackName={stackName} draft={draft} onChange={(d) => (setDraft(d), setSaved(null))} diagnostics={check.diagnostics} validating={check.checking} checkError={check.validation.error?.message ?? null} readOnly={!mayDeploy} />
      {mayDeploy && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ hostId, stackId, composeFiles: draft.composeFiles, otherFiles: draft.otherFiles, env: envTextFromRows(draft.env), message });
          }}
        >
          <div className="w-96">
            <TextField label="What changed (revision message)" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={500} />
          </div>
          <Button type="submit" variant="primary" disabled={save.isPending || !check.ok || envIssues.length > 0} title={check.ok ? undefined : "Fix the errors first"}>
            {`Save ${stackName}`}
          </Button>
          <span className="text-xs text-zinc-500">Based on revision {revision.number}.</span>
        </form>
      )}
      {save.error && <ErrorBanner message={save.error.message} onClose={() => save.reset()} />}
      {saved && (
        <div className="space-y-2" data-testid="stack-saved">
          <p role="status" className="text-sm text-emerald-300">
            {saved.created ? `Saved as revision ${saved.number}.` : `No change: revision ${saved.number} already holds these files.`}
          </p>
          <DeployPanel stackId={stackId} stackName={stackName} hostId={hostId} hostName={hostName} deployed={deployed} />
        </div>
      )}
    </div>
  );
}
