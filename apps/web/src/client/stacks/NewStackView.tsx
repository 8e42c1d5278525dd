"use client";
import { useState } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAnywherePermissions } from "../permissions";
import { NoAccessNotice } from "../components/NoAccessNotice";
import { SelectField, TextField } from "../components/forms";
import { Button, ErrorBanner, QueryError } from "../components/ui";
import { GitSourceForm, WebhookSecretOnce } from "./GitSourceForm";
import { StackFilesEditor } from "./StackFilesEditor";
import { TemplatePicker } from "./TemplatePicker";
import { envProblems, envTextFromRows, rowsFromText } from "./env-rows";
import { NEW_STACK_COMPOSE, type StackDraft } from "./stack-files";
import { useValidation } from "./StackFilesTab";

type Mode = "editor" | "template" | "git";

const NAME_RULE = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A new stack on a host: written in the editor (validated by the server as you type), started
 * from a template (its compose file and variables pre-filled), or fetched from a git repository.
 */
export function NewStackView() {
  const may = useAnywherePermissions();
  if (!may.has("stack.deploy")) return <NoAccessNotice testId="new-stack-not-allowed" detail="Creating a stack needs the permission stack.deploy on a host." />;
  return <NewStack />;
}

function NewStack() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const groups = useQuery(trpc.hostGroups.list.queryOptions());
  const [hostId, setHostId] = useState(params.get("host") ?? "");
  // A fleet stack targets a host group (every host of it) instead of one host: editor and template only.
  const [groupId, setGroupId] = useState("");
  // An external project being adopted arrives with its name: the stack takes its containers over.
  const [name, setName] = useState(params.get("name") ?? "");
  const adopting = params.get("adopt") === "1";
  const [mode, setMode] = useState<Mode>("editor");
  const [draft, setDraft] = useState<StackDraft>({ composeFiles: [{ path: "compose.yaml", content: NEW_STACK_COMPOSE }], otherFiles: [], env: [] });
  const [message, setMessage] = useState("");
  const [gitInitial, setGitInitial] = useState<{ url: string; path: string; files: string[]; key: number }>({ url: "", path: "", files: ["compose.yaml"], key: 0 });
  const [webhook, setWebhook] = useState<{ url: string; secret: string; stackId: string } | null>(null);
  const templates = useQuery({ ...trpc.stacks.templates.queryOptions(), enabled: mode === "template" });
  const check = useValidation(name || "stack", draft, true);
  const chosenHost = hostId || hosts.data?.[0]?.id || "";
  const opened = (stackId: string, tab: string) => {
    void queryClient.invalidateQueries(trpc.stacks.pathFilter());
    router.push(`/stacks/${stackId}?host=${chosenHost}&tab=${tab}`);
  };
  const create = useMutation(trpc.stacks.create.mutationOptions({ onSuccess: (r) => opened(r.stack.id, "overview") }));
  const groupHosts = (hosts.data ?? []).filter((h) => groupId !== "" && h.groupId === groupId);
  const createForGroup = useMutation(
    trpc.stacks.createForGroup.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries(trpc.stacks.pathFilter());
        router.push(`/stacks/${r.stack.id}?host=${groupHosts[0]?.id ?? ""}&tab=overview`);
      },
    }),
  );
  const fromGit = useMutation(
    trpc.stacks.createFromGit.mutationOptions({
      onSuccess: (r) => (r.webhookSecret ? setWebhook({ url: new URL(r.webhookPath, window.location.origin).toString(), secret: r.webhookSecret, stackId: r.stack.id }) : opened(r.stack.id, "overview")),
    }),
  );
  const nameProblem = name === "" ? null : NAME_RULE.test(name) ? null : "lowercase letters, digits, - and _, starting with a letter or digit (docker compose's project name)";
  const envIssues = envProblems(draft.env);
  const canCreate = NAME_RULE.test(name) && (groupId ? groupHosts.length > 0 : chosenHost !== "") && check.ok && envIssues.length === 0 && !create.isPending && !createForGroup.isPending;

  async function applyTemplate(id: string) {
    const t = await queryClient.fetchQuery(trpc.stacks.fromTemplate.queryOptions({ templateId: id }));
    setName(t.name);
    setDraft({ composeFiles: t.composeFiles.length ? t.composeFiles : draft.composeFiles, otherFiles: [], env: rowsFromText(t.env) });
    // A template kept in a repository becomes a git-backed stack: its source pre-filled.
    if (t.git) setGitInitial({ url: t.git.url, path: t.git.path, files: t.git.files, key: Date.now() });
    setMode(t.git ? "git" : "editor");
  }

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-white">{adopting ? `Adopt ${name}` : "New stack"}</h1>
      {adopting && (
        <p className="text-sm text-zinc-400">
          Paste the project&apos;s compose file(s) and .env. Its containers carry the project&apos;s labels, so the plan on the stack page compares with them: what matches stays, what differs is recreated.
        </p>
      )}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <div>
          <TextField label="Name (the compose project name)" value={name} onChange={(e) => setName(e.target.value.trim())} placeholder="shop" aria-invalid={Boolean(nameProblem)} />
          {nameProblem && <p className="mt-1 text-xs text-rose-300">{nameProblem}</p>}
        </div>
        <SelectField
          label="Runs on"
          value={groupId ? `group:${groupId}` : `host:${chosenHost}`}
          onChange={(e) => {
            const [kind, id = ""] = e.target.value.split(":");
            setGroupId(kind === "group" ? id : "");
            if (kind === "host") setHostId(id);
          }}
        >
          <optgroup label="One host">
            {(hosts.data ?? []).map((h) => (
              <option key={h.id} value={`host:${h.id}`}>
                {h.name}
              </option>
            ))}
          </optgroup>
          {mode !== "git" && (groups.data ?? []).length > 0 && (
            <optgroup label="Every host of a group (a fleet stack)">
              {(groups.data ?? []).map((g) => (
                <option key={g.id} value={`group:${g.id}`}>
                  {`group ${g.name}`}
                </option>
              ))}
            </optgroup>
          )}
        </SelectField>
        {groupId && <p className="self-end text-xs text-zinc-400">{groupHosts.length === 0 ? "This group has no hosts yet." : `Runs on ${groupHosts.map((h) => h.name).join(", ")}; each host can override the .env on the stack page.`}</p>}
      </div>
      <div role="tablist" aria-label="Start from" className="flex gap-1 border-b border-zinc-800">
        {(
          [
            ["editor", "Editor"],
            ["template", "Template"],
            ["git", "Git repository"],
          ] as const
        ).map(([id, label]) => (
          <button key={id} role="tab" aria-selected={mode === id} onClick={() => {
              setMode(id);
              if (id === "git") setGroupId("");
            }} className={`-mb-px border-b-2 px-3 py-2 text-sm ${mode === id ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}>
            {label}
          </button>
        ))}
      </div>
      {mode === "template" && (
        <>
          <QueryError error={templates.error} />
          {templates.data?.catalogueError && <p className="text-xs text-amber-300">The template catalogue could not be read ({templates.data.catalogueError}): built-in templates only.</p>}
          <TemplatePicker templates={templates.data?.templates ?? []} onPick={(t) => void applyTemplate(t.id)} />
        </>
      )}
      {mode === "editor" && (
        <>
          <StackFilesEditor stackName={name || "the new stack"} draft={draft} onChange={setDraft} diagnostics={check.diagnostics} validating={check.checking} checkError={check.validation.error?.message ?? null} />
              <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (!canCreate) return;
              const content = { name, composeFiles: draft.composeFiles, otherFiles: draft.otherFiles, env: envTextFromRows(draft.env), message: message || "created" };
              if (groupId) createForGroup.mutate({ hostGroupId: groupId, ...content });
              else create.mutate({ hostId: chosenHost, ...content });
            }}
          >
            <div className="w-96">
              <TextField label="Revision message" value={message} onChange={(e) => setMessage(e.target.value)} placeholder="created" maxLength={500} />
            </div>
            <Button type="submit" variant="primary" disabled={!canCreate}>
              {name ? `Create ${name}` : "Create stack"}
            </Button>
            <span className="text-xs text-zinc-500">Nothing runs yet: the stack page shows the plan before you deploy.</span>
          </form>
          {create.error && <ErrorBanner message={create.error.message} onClose={() => create.reset()} />}
          {createForGroup.error && <ErrorBanner message={createForGroup.error.message} onClose={() => createForGroup.reset()} />}
        </>
      )}
      {mode === "git" && (
        <>
          <GitSourceForm
            key={gitInitial.key}
            stackName={name || "the new stack"}
            initial={gitInitial}
            saving={fromGit.isPending}
            error={!NAME_RULE.test(name) ? "Give the stack a name first" : null}
            submitLabel={name ? `Create ${name} from git` : "Create from git"}
            onSave={(git) => NAME_RULE.test(name) && fromGit.mutate({ hostId: chosenHost, name, git, env: envTextFromRows(draft.env) || undefined })}
          />
          {fromGit.error && <ErrorBanner message={fromGit.error.message} onClose={() => fromGit.reset()} />}
          {webhook && (
            <div className="space-y-2">
              <WebhookSecretOnce url={webhook.url} secret={webhook.secret} />
              <Button variant="primary" onClick={() => opened(webhook.stackId, "overview")}>{`Open ${name}`}</Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
