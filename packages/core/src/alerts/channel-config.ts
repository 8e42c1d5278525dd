import { z } from "zod";

/**
 * What each channel kind needs. Validated at the boundary (tRPC) and again when a sealed config is
 * opened, so a bad URL or SMTP setting is refused naming the field, never found at send time.
 */
const HttpUrl = (field: string) =>
  z
    .string()
    .trim()
    .max(2_048, `${field} is at most 2,048 characters`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    }, `${field} must be an http:// or https:// URL`);

const Secret = (field: string, min: number) => z.string().min(min, `${field} must be at least ${min} characters`).max(1_024, `${field} is at most 1,024 characters`);

export const WebhookConfig = z.strictObject({ kind: z.literal("webhook"), url: HttpUrl("url"), secret: Secret("secret", 16) });
export const SlackConfig = z.strictObject({ kind: z.literal("slack"), url: HttpUrl("url") });
export const DiscordConfig = z.strictObject({ kind: z.literal("discord"), url: HttpUrl("url") });
export const TeamsConfig = z.strictObject({ kind: z.literal("teams"), url: HttpUrl("url") });
/** ntfy: the topic URL (https://ntfy.sh/my-topic), and an access token when the topic is protected. */
export const NtfyConfig = z.strictObject({ kind: z.literal("ntfy"), url: HttpUrl("url"), token: Secret("token", 1).optional() });
/** Gotify: the server URL and an application token. */
export const GotifyConfig = z.strictObject({ kind: z.literal("gotify"), url: HttpUrl("url"), token: Secret("token", 1) });
const Address = (field: string) => z.string().trim().max(254).email(`${field} must be an email address`);
export const EmailConfig = z.strictObject({
  kind: z.literal("email"),
  host: z.string().trim().min(1, "host is empty").max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, "host must be a host name or IP address"),
  port: z.number({ message: "port must be a number" }).int("port must be a whole number").min(1, "port must be 1-65535").max(65_535, "port must be 1-65535"),
  /** tls: implicit TLS (465); starttls: upgrade required; none: plain (a relay on loopback). */
  security: z.enum(["tls", "starttls", "none"], { message: "security must be tls, starttls or none" }),
  username: z.string().max(256).optional(),
  password: Secret("password", 1).optional(),
  from: Address("from"),
  to: z.array(Address("to")).min(1, "to needs at least one address").max(20, "to has at most 20 addresses"),
});

export const ChannelConfig = z.discriminatedUnion("kind", [WebhookConfig, SlackConfig, DiscordConfig, TeamsConfig, NtfyConfig, GotifyConfig, EmailConfig], {
  error: () => "kind must be webhook, slack, discord, teams, ntfy, gotify or email",
});
export type ChannelConfig = z.infer<typeof ChannelConfig>;
export type ChannelKind = ChannelConfig["kind"];
export const CHANNEL_KINDS = ["webhook", "slack", "discord", "teams", "ntfy", "gotify", "email"] as const satisfies readonly ChannelKind[];

/**
 * An edit: the same settings, but every secret-bearing field may be left out to keep the stored
 * value (the browser never has it: webhook secret, tokens, SMTP password, and the URLs — Slack,
 * Discord and Teams URLs are their secret).
 */
export const ChannelConfigEdit = z.discriminatedUnion(
  "kind",
  [
    WebhookConfig.partial({ url: true, secret: true }),
    SlackConfig.partial({ url: true }),
    DiscordConfig.partial({ url: true }),
    TeamsConfig.partial({ url: true }),
    NtfyConfig.partial({ url: true }),
    GotifyConfig.partial({ url: true, token: true }),
    EmailConfig,
  ],
  { error: () => "kind must be webhook, slack, discord, teams, ntfy, gotify or email" },
);
export type ChannelConfigEdit = z.infer<typeof ChannelConfigEdit>;

/** The edit over the stored settings: a field left out keeps its stored value when the kind is unchanged. */
export function mergeChannelEdit(stored: ChannelConfig | null, edit: ChannelConfigEdit): z.ZodSafeParseResult<ChannelConfig> {
  const kept = stored && stored.kind === edit.kind ? stored : {};
  const defined = Object.fromEntries(Object.entries(edit).filter(([, value]) => value !== undefined));
  return ChannelConfig.safeParse({ ...kept, ...defined });
}

/** What an edit form may show of stored settings: nothing secret (email's server and addresses only). */
export type EmailSettingsView = Omit<Extract<ChannelConfig, { kind: "email" }>, "password" | "kind"> & { hasPassword: boolean };
export function emailSettings(config: ChannelConfig): EmailSettingsView | null {
  if (config.kind !== "email") return null;
  return { host: config.host, port: config.port, security: config.security, username: config.username, from: config.from, to: config.to, hasPassword: Boolean(config.password) };
}

/** What the browser may see of a config: where it goes, never a secret, token or password. */
export function describeChannel(config: ChannelConfig): string {
  if (config.kind === "email") return `${config.to.join(", ")} via ${config.host}:${config.port}`;
  const url = new URL(config.url);
  // Slack/Discord/Teams webhook URLs carry their secret in the path: show the host only.
  return config.kind === "ntfy" || config.kind === "gotify" || config.kind === "webhook" ? `${url.origin}${url.pathname}` : url.host;
}
