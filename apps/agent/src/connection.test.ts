import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_NAMESPACE } from "@dockmaster/protocol";
import { connect, type ConnectionOptions } from "./connection";

/** A control plane stand-in that refuses every handshake as `refusal` does, noting when each came. */
async function refusingServer(refusal: { message: string; data: unknown }) {
  const http = createServer();
  const io = new Server(http);
  const attempts: number[] = [];
  io.of(AGENT_NAMESPACE).use((_socket, next) => {
    attempts.push(performance.now());
    next(Object.assign(new Error(refusal.message), { data: refusal.data }));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, attempts, close: () => new Promise((r) => io.close(r)) };
}

function agentOptions(url: string, fatal: string[], logged: string[]): ConnectionOptions {
  const log = (message: string, fields?: Record<string, unknown>) => void logged.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return {
    serverUrl: url,
    enrollToken: undefined,
    credentials: { load: () => Promise.resolve({ hostId: "h1", secret: "s" }), save: () => Promise.resolve(), description: "memory" },
    hostName: "test",
    engine: { identity: () => Promise.resolve(null) } as unknown as ConnectionOptions["engine"],
    relay: { onEngineEvent: () => undefined, onGap: () => undefined } as unknown as ConnectionOptions["relay"],
    health: {} as ConnectionOptions["health"],
    log: { info: log, warn: log, error: log },
    onFatal: (code) => void fatal.push(code),
  };
}

describe("agent connection refusals", () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it("waits as long as a QUARANTINED refusal says, then tries again (it does not exit)", async () => {
    const server = await refusingServer({ message: "too many refused messages", data: { code: "QUARANTINED", retryAfterMs: 1_500 } });
    const fatal: string[] = [];
    const logged: string[] = [];
    const socket = connect(agentOptions(server.url, fatal, logged));
    cleanup.push(() => socket.close(), server.close);
    await expect.poll(() => server.attempts.length, { timeout: 5_000 }).toBe(2);
    expect(server.attempts[1]! - server.attempts[0]!).toBeGreaterThanOrEqual(1_450);
    expect(fatal).toEqual([]);
    expect(logged.some((l) => l.includes("holding this agent off") && l.includes('"retryInSeconds":2'))).toBe(true);
  });

  it("exits on a refusal retrying cannot fix", async () => {
    const server = await refusingServer({ message: "revoked", data: { code: "HOST_REVOKED" } });
    const fatal: string[] = [];
    const socket = connect(agentOptions(server.url, fatal, []));
    cleanup.push(() => socket.close(), server.close);
    await expect.poll(() => fatal, { timeout: 5_000 }).toEqual(["HOST_REVOKED"]);
  });
});
