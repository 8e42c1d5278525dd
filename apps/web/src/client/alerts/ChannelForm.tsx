"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { AlertChannelView } from "@dockmaster/core";
import { useTRPC } from "../trpc";
import { Section, SelectField, TextField } from "../components/forms";
import { Button, ErrorBanner } from "../components/ui";

const KINDS = ["webhook", "slack", "discord", "teams", "ntfy", "gotify", "email"] as const;
type Kind = (typeof KINDS)[number];

const URL_HINT: Record<Exclude<Kind, "email">, string> = {
  webhook: "https://receiver.example/dockmaster",
  slack: "https://hooks.slack.com/services/…",
  discord: "https://discord.com/api/webhooks/…",
  teams: "https://….webhook.office.com/…",
  ntfy: "https://ntfy.sh/my-topic",
  gotify: "https://gotify.example",
};

function initialFields(channel?: AlertChannelView): Record<string, string> {
  const email = channel?.email;
  const quiet = channel?.quietHours;
  return {
    security: email?.security ?? "starttls",
    port: String(email?.port ?? 587),
    name: channel?.name ?? "",
    ...(email ? { host: email.host, username: email.username ?? "", from: email.from, to: email.to.join(", ") } : {}),
    ...(quiet ? { quietStart: quiet.start, quietEnd: quiet.end, quietZone: quiet.timeZone } : {}),
  };
}

/**
 * Adds a channel, or edits one (`channel` given). Settings are write-only: the server seals them
 * and never shows them again, so on an edit the URL, secret, token and password fields start empty
 * and an empty one keeps what is stored. Quiet hours: deliveries wait until they end.
 */
export function ChannelForm({ channel, onDone }: { channel?: AlertChannelView; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const editing = Boolean(channel);
  const [kind, setKind] = useState<Kind>(channel?.kind ?? "webhook");
  const [f, setF] = useState<Record<string, string>>(() => initialFields(channel));
  const set = (key: string) => (e: { target: { value: string } }) => setF((old) => ({ ...old, [key]: e.target.value }));
  const done = { onSuccess: async () => (await onDone(), editing ? undefined : setF(initialFields())) };
  const create = useMutation(trpc.alerts.createChannel.mutationOptions(done));
  const update = useMutation(trpc.alerts.updateChannel.mutationOptions(done));
  const save = channel ? update : create;
  // An empty secret field: on an edit, keep the stored value (left out); on an add, the server says what is missing.
  const opt = (v: string | undefined) => (v ? v : undefined);
  const secret = (v: string | undefined) => (editing ? opt(v) : (v ?? ""));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const quietHours = f.quietStart || f.quietEnd ? { start: f.quietStart ?? "", end: f.quietEnd ?? "", timeZone: f.quietZone || "UTC" } : null;
    const url = secret(f.url);
    const config =
      kind === "email"
        ? { kind, host: f.host ?? "", port: Number(f.port), security: (f.security ?? "starttls") as "tls" | "starttls" | "none", username: opt(f.username), password: opt(f.password), from: f.from ?? "", to: (f.to ?? "").split(",").map((s) => s.trim()).filter(Boolean) }
        : kind === "webhook"
          ? { kind, url, secret: secret(f.secret) }
          : kind === "gotify"
            ? { kind, url, token: secret(f.token) }
            : kind === "ntfy"
              ? { kind, url, token: opt(f.token) }
              : { kind, url };
    if (channel) update.mutate({ id: channel.id, name: f.name ?? "", secretConfig: config, quietHours });
    else create.mutate({ name: f.name ?? "", secretConfig: config as Parameters<typeof create.mutate>[0]["secretConfig"], quietHours });
  };
  const keep = editing ? "(unchanged if empty)" : undefined;
  return (
    <Section title={channel ? `Edit channel ${channel.name}` : "Add a channel"}>
      {save.error && <ErrorBanner message={save.error.message} />}
      <form onSubmit={submit} className="grid max-w-5xl grid-cols-2 items-end gap-3 md:grid-cols-4" data-testid="channel-form">
        <TextField label="Name" value={f.name ?? ""} onChange={set("name")} required data-testid="channel-name" />
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="channel-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </SelectField>
        {kind !== "email" && <TextField label="URL" value={f.url ?? ""} onChange={set("url")} placeholder={editing ? `${channel?.target ?? ""} ${keep}` : URL_HINT[kind]} required={!editing} data-testid="channel-url" />}
        {kind === "webhook" && <TextField label="Signing secret (16+ characters)" type="password" autoComplete="new-password" value={f.secret ?? ""} onChange={set("secret")} placeholder={keep} required={!editing} data-testid="channel-secret" />}
        {(kind === "ntfy" || kind === "gotify") && <TextField label={kind === "ntfy" ? "Access token (optional)" : "Application token"} type="password" autoComplete="new-password" value={f.token ?? ""} onChange={set("token")} placeholder={keep} required={kind === "gotify" && !editing} />}
        {kind === "email" && (
          <>
            <TextField label="SMTP host" value={f.host ?? ""} onChange={set("host")} required />
            <TextField label="Port" inputMode="numeric" value={f.port ?? ""} onChange={set("port")} required />
            <SelectField label="Security" value={f.security ?? "starttls"} onChange={set("security")}>
              <option value="starttls">STARTTLS</option>
              <option value="tls">TLS (465)</option>
              <option value="none">none (local relay)</option>
            </SelectField>
            <TextField label="Username (optional)" value={f.username ?? ""} onChange={set("username")} />
            <TextField label="Password (optional)" type="password" autoComplete="new-password" value={f.password ?? ""} onChange={set("password")} placeholder={channel?.email?.hasPassword ? "(unchanged if empty)" : undefined} />
            <TextField label="From" value={f.from ?? ""} onChange={set("from")} required />
            <TextField label="To (comma separated)" value={f.to ?? ""} onChange={set("to")} required />
          </>
        )}
        <TextField label="Quiet hours from (HH:MM, optional)" value={f.quietStart ?? ""} onChange={set("quietStart")} placeholder="22:00" data-testid="channel-quiet-start" />
        <TextField label="Quiet hours until (HH:MM)" value={f.quietEnd ?? ""} onChange={set("quietEnd")} placeholder="07:00" data-testid="channel-quiet-end" />
        <TextField label="Quiet hours time zone" value={f.quietZone ?? ""} onChange={set("quietZone")} placeholder="UTC" data-testid="channel-quiet-zone" />
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="channel-save">
          {channel ? "Save channel" : "Add"}
        </Button>
      </form>
    </Section>
  );
}
