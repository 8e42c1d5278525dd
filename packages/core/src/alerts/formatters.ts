import { createHmac } from "node:crypto";
import type { ChannelConfig } from "./channel-config";
import { bodyLines, headline, type AlertMessage } from "./message";

/** One HTTP POST: every channel kind except email is one of these. */
export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = { "content-type": "application/json" };

/**
 * The generic webhook's signature: `X-Dockmaster-Signature: sha256=<hex HMAC-SHA256 over
 * "<timestamp>.<body>">` with the channel secret, and `X-Dockmaster-Timestamp: <unix seconds>`.
 * The timestamp is inside the MAC so a captured request cannot be replayed later with a new one.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function formatRequest(config: Exclude<ChannelConfig, { kind: "email" }>, m: AlertMessage, now: Date = new Date()): HttpRequestSpec {
  switch (config.kind) {
    case "webhook": {
      const body = JSON.stringify(m);
      const timestamp = Math.floor(now.getTime() / 1_000);
      return {
        url: config.url,
        body,
        headers: { ...JSON_TYPE, "x-dockmaster-timestamp": String(timestamp), "x-dockmaster-signature": signWebhook(config.secret, timestamp, body), "x-dockmaster-delivery": m.deliveryId },
      };
    }
    case "slack":
      return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ text: `*${headline(m)}*\n${bodyLines(m)}` }) };
    case "discord":
      return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ content: `**${headline(m)}**\n${bodyLines(m)}`.slice(0, 2_000) }) };
    case "teams":
      // An Office 365 connector MessageCard (also accepted by Workflows' "post to a channel" webhooks).
      return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ "@type": "MessageCard", "@context": "https://schema.org/extensions", summary: m.title, themeColor: m.event === "resolved" ? "2EB886" : "D13438", title: headline(m), text: bodyLines(m).replaceAll("\n", "<br>") }) };
    case "ntfy": {
      // ntfy's JSON publishing: POST to the server root with the topic in the body.
      const url = new URL(config.url);
      const topic = url.pathname.replace(/^\/+|\/+$/g, "");
      return {
        url: `${url.origin}/`,
        headers: { ...JSON_TYPE, ...(config.token ? { authorization: `Bearer ${config.token}` } : {}) },
        body: JSON.stringify({ topic, title: headline(m), message: bodyLines(m), priority: m.event === "raised" ? 4 : 3, tags: [m.kind] }),
      };
    }
    case "gotify":
      return { url: `${config.url.replace(/\/+$/, "")}/message`, headers: { ...JSON_TYPE, "x-gotify-key": config.token }, body: JSON.stringify({ title: headline(m), message: bodyLines(m), priority: m.event === "raised" ? 8 : 4 }) };
  }
}
