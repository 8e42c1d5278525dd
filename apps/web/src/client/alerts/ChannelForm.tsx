"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
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

/** Adds a channel. Its settings are write-only: the server seals them and never shows them again. */
export function ChannelForm({ onDone }: { onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>("webhook");
  const [f, setF] = useState<Record<string, string>>({ security: "starttls", port: "587" });
  const set = (key: string) => (e: { target: { value: string } }) => setF((old) => ({ ...old, [key]: e.target.value }));
  const create = useMutation(trpc.alerts.createChannel.mutationOptions({ onSuccess: async () => (await onDone(), setF({ security: "starttls", port: "587" })) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const opt = (v: string | undefined) => (v ? v : undefined);
    const secretConfig =
      kind === "email"
        ? { kind, host: f.host ?? "", port: Number(f.port), security: (f.security ?? "starttls") as "tls" | "starttls" | "none", username: opt(f.username), password: opt(f.password), from: f.from ?? "", to: (f.to ?? "").split(",").map((s) => s.trim()).filter(Boolean) }
        : kind === "webhook"
          ? { kind, url: f.url ?? "", secret: f.secret ?? "" }
          : kind === "gotify"
            ? { kind, url: f.url ?? "", token: f.token ?? "" }
            : kind === "ntfy"
              ? { kind, url: f.url ?? "", token: opt(f.token) }
              : { kind, url: f.url ?? "" };
    create.mutate({ name: f.name ?? "", secretConfig });
  };
  return (
    <Section title="Add a channel">
      {create.error && <ErrorBanner message={create.error.message} />}
      <form onSubmit={submit} className="grid max-w-5xl grid-cols-2 items-end gap-3 md:grid-cols-4" data-testid="channel-form">
        <TextField label="Name" value={f.name ?? ""} onChange={set("name")} required data-testid="channel-name" />
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="channel-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </SelectField>
        {kind !== "email" && <TextField label="URL" value={f.url ?? ""} onChange={set("url")} placeholder={URL_HINT[kind]} required data-testid="channel-url" />}
        {kind === "webhook" && <TextField label="Signing secret (16+ characters)" type="password" autoComplete="new-password" value={f.secret ?? ""} onChange={set("secret")} required data-testid="channel-secret" />}
        {(kind === "ntfy" || kind === "gotify") && <TextField label={kind === "ntfy" ? "Access token (optional)" : "Application token"} type="password" autoComplete="new-password" value={f.token ?? ""} onChange={set("token")} required={kind === "gotify"} />}
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
            <TextField label="Password (optional)" type="password" autoComplete="new-password" value={f.password ?? ""} onChange={set("password")} />
            <TextField label="From" value={f.from ?? ""} onChange={set("from")} required />
            <TextField label="To (comma separated)" value={f.to ?? ""} onChange={set("to")} required />
          </>
        )}
        <Button type="submit" variant="primary" disabled={create.isPending} data-testid="channel-save">
          Add
        </Button>
      </form>
    </Section>
  );
}
