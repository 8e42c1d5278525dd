import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedHook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTP receiver on loopback that records every POST. `down()` closes its socket (senders get
 * ECONNREFUSED) and `up()` listens again on the same port, as a receiver that was restarted.
 */
export async function webhookReceiver(onReceive: (hook: ReceivedHook, at: number) => void = () => undefined): Promise<{ url: string; received: ReceivedHook[]; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  const received: ReceivedHook[] = [];
  let server: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer((req, res) => {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => (body += chunk));
        req.on("end", () => {
          const hook = { headers: req.headers, body };
          received.push(hook);
          onReceive(hook, Date.now());
          res.writeHead(200, { "content-type": "text/plain" }).end("recorded");
        });
      });
      server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  const close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return { url: `http://127.0.0.1:${port}/hook`, received, down: close, up: async () => void (await listen(port)), close };
}

/** A real SMTP server (the smtp-server package) on loopback, without TLS or login, keeping every message. */
export async function smtpReceiver(): Promise<{ port: number; messages: Array<{ from: string; to: string[]; data: string }>; close(): Promise<void> }> {
  const messages: Array<{ from: string; to: string[]; data: string }> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      let data = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (data += chunk));
      stream.on("end", () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
