import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@dockmaster/core";
import { PROTOCOL_VERSION } from "@dockmaster/protocol";
import { io as connectSocket } from "socket.io-client";
import { removeDir, startTestPlane } from "./support";

/** An enrolling agent's proposed host name passes the same check as a rename (HostName). */
let plane: Awaited<ReturnType<typeof startTestPlane>>;

beforeAll(async () => {
  plane = await startTestPlane();
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

/** One enrollment handshake on /agent: the welcome's host name, or the refusal's code and message. */
let engines = 0;
function enroll(token: string, hello: { hostName?: string; engineName?: string }): Promise<{ hostName: string } | { code: string | undefined; message: string }> {
  // A distinct engine each time: the same engine enrolled again is refused (agent-upgrade.int.test.ts).
  const engine = hello.engineName === undefined ? null : { id: `E-${++engines}`, name: hello.engineName, version: "20.10", apiVersion: "1.41", os: "linux", arch: "x86_64", kernelVersion: "6.1" };
  const socket = connectSocket(`http://127.0.0.1:${plane.port}/agent`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION, agentVersion: "test", ...(hello.hostName === undefined ? {} : { hostName: hello.hostName }), engine, credential: { kind: "enroll", token } },
  });
  return new Promise((resolve) => {
    socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve({ code: error.data?.code, message: error.message });
    });
    socket.on("agent:welcome", (welcome: { hostName: string }) => {
      socket.close();
      resolve({ hostName: welcome.hostName });
    });
  });
}

describe("enrollment host names", () => {
  it("refuses a proposed name a rename would refuse, clearly, and leaves the token usable", async () => {
    const { token, id } = await createEnrollmentToken(plane.db, {});
    for (const bad of ["evil<script>", "two words", "../../etc", " "]) {
      const refused = await enroll(token, { hostName: bad });
      expect(refused, bad).toMatchObject({ code: "MALFORMED_HELLO" });
      expect("message" in refused && refused.message, bad).toMatch(/host name the agent proposes \(DOCKMASTER_HOST_NAME\) .* is refused: (host names|a host name)/);
    }
    expect(await plane.db.host.count()).toBe(0);
    expect((await plane.db.enrollmentToken.findUniqueOrThrow({ where: { id } })).usedAt).toBeNull();
    expect(await enroll(token, { hostName: "edge-01.example" })).toEqual({ hostName: "edge-01.example" });
  });

  it("uses the engine's name only when it would pass, else a default", async () => {
    const odd = await enroll((await createEnrollmentToken(plane.db, {})).token, { engineName: "has space;rm" });
    expect(odd).toEqual({ hostName: "docker-host" });
    const fine = await enroll((await createEnrollmentToken(plane.db, {})).token, { engineName: "engine-7" });
    expect(fine).toEqual({ hostName: "engine-7" });
  });
});
