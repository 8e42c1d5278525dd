"use client";
import { useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { MAX_EDIT_BYTES, type FileEntry } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { bytes } from "../format";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Button, ErrorBanner, QueryError, Spinner, Table } from "../components/ui";
import { breadcrumbs, downloadHref, joinContainerPath, linkDestination, modeString, parentOf, putFile } from "./file-paths";
import { FileEditor } from "./FileEditor";

const KIND_ORDER = { dir: 0, symlink: 1, file: 2, other: 3 } as const;
const byKindThenName = (a: FileEntry, b: FileEntry) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name);
const modified = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "—");

/**
 * A container's files, one directory at a time (containerFiles.list: read from the engine's
 * archive, so it works on stopped containers and images without a shell): breadcrumbs, a table
 * with size, mode, modification time and link target, a download per row (a file as itself, a
 * folder as a tar), and — with container.files.write — upload and edit in place.
 */
export function FileBrowser({ hostId, containerId, mayWrite }: { hostId: string; containerId: string; mayWrite: boolean }) {
  const trpc = useTRPC();
  const [path, setPath] = useState("/");
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<File[] | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listing = useQuery(trpc.containerFiles.list.queryOptions({ hostId, id: containerId, path }));
  const entries = [...(listing.data?.entries ?? [])].sort(byKindThenName);

  const open = (next: string) => {
    setEditing(null);
    setError(null);
    setPath(next);
  };

  async function upload(files: File[]) {
    setPending(null);
    setError(null);
    for (const file of files) {
      setStatus(`Uploading ${file.name}…`);
      try {
        const result = await putFile({ hostId, id: containerId, dir: path, name: file.name }, file);
        setStatus(`Uploaded ${result.path} (${bytes(result.size)})`);
      } catch (e) {
        setStatus("");
        setError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
    }
    if (input.current) input.current.value = "";
    await listing.refetch();
  }

  function chosen(files: File[]) {
    if (files.length === 0) return;
    const names = new Set(entries.map((e) => e.name));
    if (files.some((f) => names.has(f.name))) setPending(files);
    else void upload(files);
  }

  const replaced = pending?.filter((f) => entries.some((e) => e.name === f.name)).map((f) => f.name) ?? [];
  const linkTarget = listing.data?.linkTarget;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <nav aria-label="Folder path" className="mono flex flex-wrap items-center gap-1 text-sm">
          {breadcrumbs(path).map((crumb, i, all) => (
            <span key={crumb.path} className="flex items-center gap-1">
              {i > 1 && <span aria-hidden className="text-zinc-500">/</span>}
              {i === all.length - 1 ? (
                <span aria-current="location" className="text-zinc-100" data-testid="files-current-path">
                  {crumb.name}
                </span>
              ) : (
                <button type="button" onClick={() => open(crumb.path)} className="text-sky-300 hover:underline">
                  {crumb.name}
                </button>
              )}
            </span>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <a href={downloadHref(hostId, containerId, path)} className="rounded bg-zinc-800 px-2.5 py-1 text-xs font-medium text-zinc-100 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-700" aria-label={`Download folder ${path} as a tar archive`}>
            Download folder
          </a>
          {mayWrite && (
            <label className="cursor-pointer rounded bg-sky-700 px-2.5 py-1 text-xs font-medium text-on-accent ring-1 ring-inset ring-sky-500 hover:bg-sky-600 focus-within:outline focus-within:outline-2 focus-within:outline-sky-300">
              Upload files
              <input ref={input} type="file" multiple className="sr-only" aria-label={`Upload files to ${path}`} data-testid="files-upload" onChange={(e) => chosen([...(e.target.files ?? [])])} />
            </label>
          )}
        </div>
      </div>
      <p role="status" aria-live="polite" className="text-xs text-zinc-400" data-testid="files-status">
        {status}
      </p>
      {error && <ErrorBanner message={error} onClose={() => setError(null)} />}
      {editing && <FileEditor key={editing} hostId={hostId} containerId={containerId} path={editing} mayWrite={mayWrite} onClose={() => setEditing(null)} />}
      <QueryError error={listing.error} />
      {listing.isPending && <Spinner />}
      {linkTarget !== undefined && (
        <p className="text-sm text-zinc-300">
          {path} is a symbolic link to <span className="mono">{linkTarget}</span>.{" "}
          {linkDestination(parentOf(path), linkTarget) && (
            <button type="button" className="text-sky-300 hover:underline" onClick={() => open(linkDestination(parentOf(path), linkTarget)!)}>
              Open the target
            </button>
          )}
        </p>
      )}
      {listing.data?.truncated && <p className="text-xs text-amber-300">{listing.data.truncated}</p>}
      {listing.data && linkTarget === undefined && (
        <Table head={["Name", "Size", "Mode", "Modified (UTC)", "Link target", "Actions"]} empty={entries.length === 0 ? <p className="px-3 py-4 text-sm text-zinc-400">This folder is empty.</p> : null}>
          {path !== "/" && (
            <tr>
              <td className="px-3 py-1.5" colSpan={6}>
                <button type="button" className="mono text-sky-300 hover:underline" onClick={() => open(parentOf(path))} aria-label="Open the parent folder">
                  ..
                </button>
              </td>
            </tr>
          )}
          {entries.map((entry) => {
            const full = joinContainerPath(path, entry.name);
            const target = entry.linkTarget ? linkDestination(path, entry.linkTarget) : null;
            return (
              <tr key={entry.name} data-testid="file-row" data-name={entry.name}>
                <td className="mono px-3 py-1.5">
                  {entry.kind === "dir" ? (
                    <button type="button" className="text-sky-300 hover:underline" onClick={() => open(full)}>
                      {entry.name}/
                    </button>
                  ) : (
                    <span className="text-zinc-200">{entry.name}</span>
                  )}
                </td>
                <td className="px-3 py-1.5 text-zinc-300">{entry.kind === "symlink" || entry.kind === "other" ? "—" : bytes(entry.size)}</td>
                <td className="mono px-3 py-1.5 text-zinc-300">{modeString(entry.kind, entry.mode)}</td>
                <td className="mono px-3 py-1.5 text-zinc-300">{modified(entry.mtime)}</td>
                <td className="mono px-3 py-1.5 text-zinc-300">
                  {entry.linkTarget && target ? (
                    <button type="button" className="text-sky-300 hover:underline" onClick={() => open(target)} aria-label={`Open ${entry.name}'s target ${entry.linkTarget}`}>
                      {entry.linkTarget}
                    </button>
                  ) : (
                    entry.linkTarget ?? ""
                  )}
                </td>
                <td className="px-3 py-1.5">
                  <div className="flex gap-2">
                    {(entry.kind === "file" || entry.kind === "dir") && (
                      <a href={downloadHref(hostId, containerId, full)} className="text-xs text-sky-300 hover:underline" aria-label={`Download ${entry.name}${entry.kind === "dir" ? " as a tar archive" : ""}`}>
                        Download
                      </a>
                    )}
                    {entry.kind === "file" && entry.size <= MAX_EDIT_BYTES && (
                      <Button onClick={() => setEditing(full)} aria-label={`${mayWrite ? "Edit" : "View"} ${entry.name}`}>
                        {mayWrite ? "Edit" : "View"}
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {pending && (
        <ConfirmDialog title={`Replace ${replaced.join(", ")} in ${path}?`} confirmLabel="Replace" danger onConfirm={() => void upload(pending)} onCancel={() => setPending(null)}>
          Uploading writes over the existing {replaced.length === 1 ? "file" : "files"} (their mode and owner are kept).
        </ConfirmDialog>
      )}
    </div>
  );
}
