"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { bytes, relativeTime } from "../format";
import { Section } from "../components/forms";
import { Badge, Button, ErrorBanner, Table } from "../components/ui";

/**
 * Backups of the control plane's database on the admin page: where they go, the schedule, the list
 * (newest first) and "Back up now". Restoring is a command on a stopped install (README).
 */
export function BackupsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.backups.list.queryOptions());
  const create = useMutation(trpc.backups.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.backups.list.pathFilter()) }));
  const settings = list.data?.settings;
  return (
    <Section
      title="Backups"
      aside={
        <Button variant="primary" disabled={create.isPending || !list.data} onClick={() => create.mutate()}>
          {create.isPending ? "Backing up…" : "Back up now"}
        </Button>
      }
    >
      {(list.error ?? create.error) && <ErrorBanner message={(list.error ?? create.error)!.message} />}
      {settings && (
        <p className="text-sm text-zinc-400">
          To <span className="mono">{settings.dir}</span>, keeping the newest {settings.keep}; schedule{" "}
          {settings.schedule ? <span className="mono">{settings.schedule}</span> : "none (set DOCKMASTER_BACKUP_SCHEDULE)"}.{" "}
          {settings.passphraseSet ? "The secret key travels in each backup, encrypted with the backup passphrase." : "The secret key is not in the backups (no DOCKMASTER_BACKUP_PASSPHRASE): keep it safe separately."}
        </p>
      )}
      <Table head={["Backup", "Taken", "Database", "Size", "Secret key"]} empty={list.data && list.data.backups.length === 0 ? "No backups yet." : undefined}>
        {(list.data?.backups ?? []).map((b) => (
          <tr key={b.name} data-testid="backup-row">
            <td className="mono px-3 py-2 text-zinc-100">{b.name}</td>
            <td className="px-3 py-2 text-zinc-400">{relativeTime(new Date(b.createdAt))}</td>
            <td className="px-3 py-2 text-zinc-400">{b.provider}</td>
            <td className="px-3 py-2 text-zinc-400">{bytes(b.bytes)}</td>
            <td className="px-3 py-2">{b.keyIncluded ? <Badge tone="green">included, encrypted</Badge> : <Badge tone="amber">not included</Badge>}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
