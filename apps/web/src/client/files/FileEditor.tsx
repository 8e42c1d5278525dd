"use client";
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { baseName, parentOf } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { CodeEditor } from "../stacks/CodeEditor";
import { Button, ErrorBanner, QueryError, Spinner } from "../components/ui";
import { putFile } from "./file-paths";

/**
 * One text file of a container in CodeMirror: read through containerFiles.read (at most 1 MiB,
 * never binary: the server refuses both), saved through the upload route with the SHA-256 of what
 * was opened, so a file that changed meanwhile is not overwritten (the server says so). Read-only
 * without container.files.write.
 */
export function FileEditor({ hostId, containerId, path, mayWrite, onClose }: { hostId: string; containerId: string; path: string; mayWrite: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.containerFiles.read.queryOptions({ hostId, id: containerId, path }, { staleTime: Infinity, gcTime: 0 });
  const file = useQuery(options);
  const [text, setText] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => setText(file.data?.content ?? null), [file.data]);
  const dirty = file.data !== undefined && text !== null && text !== file.data.content;

  async function save() {
    if (!file.data || text === null) return;
    setSaving(true);
    setError(null);
    try {
      const result = await putFile({ hostId, id: containerId, dir: parentOf(path), name: baseName(path), ifSha256: file.data.sha256 }, text);
      setSaved(`Saved ${result.path} (${result.size} bytes)`);
      await queryClient.invalidateQueries({ queryKey: options.queryKey });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="file-editor-title" className="space-y-2 rounded-lg border border-zinc-800 bg-zinc-900/60 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="file-editor-title" className="mono text-sm font-semibold text-zinc-100">
          {mayWrite ? "Editing" : "Viewing"} {path}
        </h3>
        <div className="ml-auto flex gap-2">
          {mayWrite && (
            <Button variant="primary" onClick={() => void save()} disabled={!dirty || saving} data-testid="file-save">
              {saving ? "Saving…" : "Save"}
            </Button>
          )}
          <Button onClick={onClose}>{dirty ? "Discard and close" : "Close"}</Button>
        </div>
      </div>
      {file.isPending && <Spinner />}
      <QueryError error={file.error} />
      {error && <ErrorBanner message={error} onClose={() => setError(null)} />}
      <p role="status" className="text-xs text-zinc-400">
        {saved}
      </p>
      {file.data && text !== null && <CodeEditor file={path} label={`Content of ${path}`} value={text} onChange={(v) => { setText(v); setSaved(null); }} diagnostics={[]} readOnly={!mayWrite} />}
    </section>
  );
}
