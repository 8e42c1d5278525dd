import { createTransport } from "nodemailer";
import type { ChannelConfig } from "./channel-config";
import { formatRequest } from "./formatters";
import { bodyLines, headline, type AlertMessage } from "./message";

/** What the receiver answered: kept on the delivery row and shown by *send test*. */
export interface SendResult {
  ok: boolean;
  /** e.g. "HTTP 200: ok", "250 2.0.0 Ok: queued", "connect ECONNREFUSED 127.0.0.1:9". */
  response: string;
}

const SEND_TIMEOUT_MS = 10_000;
const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);

export async function sendToChannel(config: ChannelConfig, message: AlertMessage): Promise<SendResult> {
  try {
    if (config.kind === "email") return await sendEmail(config, message);
    const request = formatRequest(config, message);
    const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, redirect: "error", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    const text = clip((await response.text().catch(() => "")).trim());
    return { ok: response.ok, response: `HTTP ${response.status}${text ? `: ${text}` : ""}` };
  } catch (error) {
    return { ok: false, response: clip(describeError(error)) };
  }
}

async function sendEmail(config: Extract<ChannelConfig, { kind: "email" }>, message: AlertMessage): Promise<SendResult> {
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    auth: config.username && config.password ? { user: config.username, pass: config.password } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: config.from,
      to: config.to,
      subject: headline(message),
      text: bodyLines(message),
      headers: { "X-Dockmaster-Delivery": message.deliveryId },
    });
    return { ok: true, response: info.response };
  } finally {
    transport.close();
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the socket error: its cause says what happened (ECONNREFUSED, ENOTFOUND, …).
  const cause = (error as { cause?: unknown }).cause;
  if (error.name === "TimeoutError") return `no answer within ${SEND_TIMEOUT_MS / 1_000} s`;
  return cause instanceof Error ? cause.message : error.message;
}
