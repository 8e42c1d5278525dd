"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Section, TextField } from "../components/forms";
import { Button, ErrorBanner } from "../components/ui";

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * When and how the fleet is checked (settings.manage): cron schedule, cache TTL, per-registry
 * concurrency, plain-HTTP registries; and when the "auto" policy may update (a maintenance window:
 * cron + minutes, empty: never) and how long a new container has to prove healthy.
 */
export function UpdateSettingsForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.updates.settings.queryOptions());
  const save = useMutation(trpc.updates.setSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.updates.settings.pathFilter()) }));
  const [draft, setDraft] = useState<{ schedule: string; ttl: string; concurrency: string; plain: string; windowCron: string; windowMinutes: string; health: string } | null>(null);
  const s = settings.data;
  if (!s) return null;
  const form = draft ?? {
    schedule: s.schedule,
    ttl: String(s.ttlMinutes),
    concurrency: String(s.concurrencyPerRegistry),
    plain: s.plainHttpRegistries.join(" "),
    windowCron: s.maintenanceWindow?.cron ?? "",
    windowMinutes: String(s.maintenanceWindow?.durationMinutes ?? 60),
    health: String(s.healthTimeoutSeconds),
  };
  const edit = (field: keyof typeof form) => (e: { target: { value: string } }) => setDraft({ ...form, [field]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const windowCron = form.windowCron.trim();
    save.mutate(
      {
        schedule: form.schedule.trim(),
        ttlMinutes: Number(form.ttl),
        concurrencyPerRegistry: Number(form.concurrency),
        plainHttpRegistries: list(form.plain),
        maintenanceWindow: windowCron ? { cron: windowCron, durationMinutes: Number(form.windowMinutes) } : null,
        healthTimeoutSeconds: Number(form.health),
      },
      { onSuccess: () => setDraft(null) },
    );
  };
  return (
    <Section title="Check settings">
      <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-4" data-testid="update-settings">
        <TextField label="Schedule (cron, UTC; empty: check now only)" value={form.schedule} onChange={edit("schedule")} />
        <TextField label="Reuse answers for (minutes)" type="number" min={1} value={form.ttl} onChange={edit("ttl")} />
        <TextField label="Requests at once per registry" type="number" min={1} max={32} value={form.concurrency} onChange={edit("concurrency")} />
        <TextField label="Plain-HTTP registries (host:port, space separated)" value={form.plain} onChange={edit("plain")} />
        <TextField label="Maintenance window opens (cron, UTC; empty: auto-updates never run)" value={form.windowCron} onChange={edit("windowCron")} />
        <TextField label="Window stays open (minutes)" type="number" min={1} max={1440} value={form.windowMinutes} onChange={edit("windowMinutes")} />
        <TextField label="Health watch after an update (seconds)" type="number" min={1} max={3600} value={form.health} onChange={edit("health")} />
        <div className="flex items-center gap-3 sm:col-span-4">
          <Button type="submit" data-testid="update-settings-save" disabled={save.isPending}>
            Save
          </Button>
          {save.isSuccess && !draft && <span className="text-xs text-emerald-300">Saved.</span>}
        </div>
        {save.error && <div className="sm:col-span-4"><ErrorBanner message={save.error.message} /></div>}
      </form>
    </Section>
  );
}
