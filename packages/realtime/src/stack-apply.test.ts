import { describe, expect, it } from "vitest";
import type { StackApplyFrame, StackApplyParams } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";
import type { StreamSink } from "./stream-relay";
import { applyStack } from "./stack-apply";

/** A hub whose one stream is played by the test: frames and an end, and what the opener sent as input or cancel. */
function fakeHub() {
  const seen: string[] = [];
  let sink: StreamSink | undefined;
  const hub = {
    streams: {
      open: (_host: string, _type: string, _params: unknown, s: StreamSink) => {
        sink = s;
        return Promise.resolve({
          streamId: "s1",
          input: (data: Uint8Array) => (seen.push(`input ${new TextDecoder().decode(data)}`), Promise.resolve()),
          cancel: () => seen.push("cancel"),
          endInput: () => undefined,
          resize: () => undefined,
          abort: () => undefined,
        });
      },
    },
  } as unknown as SocketAgentHub;
  const send = async (...frames: StackApplyFrame[]) => sink!.frames(frames);
  const end = (e: { ok: true; result: object } | { ok: false; error: { code: "HOST_OFFLINE"; message: string } }) => sink!.end({ streamId: "s1", ...e });
  return { hub, send, end, seen };
}

const labels = { "com.docker.compose.project": "p" };
const params: StackApplyParams = {
  project: "p",
  steps: ["a", "b", "c"].map((s) => ({ kind: "service.create", service: s, number: 1, container: `p-${s}-1`, spec: { image: "busybox", labels }, waitFor: [] })),
};
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("applyStack", () => {
  it("resolves with the agent's summary", async () => {
    const { hub, send, end } = fakeHub();
    const done = applyStack(hub, "h1", params, () => undefined);
    await flush();
    const summary = { outcome: "succeeded" as const, steps: [], pulls: [] };
    await send({ step: 0, status: "done" }, { summary });
    end({ ok: true, result: {} });
    expect(await done).toEqual(summary);
  });

  it("when the host goes away mid-apply, says what was done, what was interrupted and what was not attempted", async () => {
    const { hub, send, end } = fakeHub();
    const frames: StackApplyFrame[] = [];
    const done = applyStack(hub, "h1", params, (f) => frames.push(f));
    await flush();
    await send({ step: 0, status: "running" }, { step: 0, status: "done", containerId: "c1" }, { step: 1, status: "running" });
    end({ ok: false, error: { code: "HOST_OFFLINE", message: "the host's agent disconnected" } });
    const outcome = await done;
    expect(outcome.outcome).toBe("interrupted");
    expect(outcome.steps.map((s) => s.status)).toEqual(["done", "interrupted", "not-attempted"]);
    expect(outcome.error).toBe("the host's agent disconnected");
    expect(frames).toHaveLength(3);
  });

  it("a cancel asks the agent to stop before its next step (stream input), and waits for its summary", async () => {
    const { hub, send, end, seen } = fakeHub();
    const cancel = new AbortController();
    const done = applyStack(hub, "h1", params, () => undefined, cancel.signal);
    await flush();
    cancel.abort();
    await flush();
    expect(seen).toEqual(["input cancel"]);
    const summary = { outcome: "cancelled" as const, steps: [], pulls: [] };
    await send({ summary });
    end({ ok: true, result: {} });
    expect(await done).toEqual(summary);
  });
});
