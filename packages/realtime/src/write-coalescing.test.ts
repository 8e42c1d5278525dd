import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { coalesceWrites } from "./write-coalescing";

/** A socket stand-in that records how its writes reach the wire: each call is one system call. */
function recordingSocket() {
  const calls: string[][] = [];
  const socket = new Writable({
    write(chunk: Buffer, _encoding, done) {
      calls.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.map((c) => (c.chunk as Buffer).toString()));
      done();
    },
  });
  return { socket, calls };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("write coalescing", () => {
  it("sends the writes of one turn in one call, in order, and the next turn's in another", async () => {
    const { socket, calls } = recordingSocket();
    coalesceWrites(socket as never);
    socket.write("a");
    // the websocket library corks each frame itself: nested corks still wait for the turn's end
    socket.cork();
    socket.write("b");
    socket.write("c");
    socket.uncork();
    expect(calls).toEqual([]);
    await nextTurn();
    expect(calls).toEqual([["a", "b", "c"]]);
    socket.write("d");
    await nextTurn();
    expect(calls).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("without it, each write is its own call (what the coalescing saves)", async () => {
    const { socket, calls } = recordingSocket();
    socket.write("a");
    socket.write("b");
    await nextTurn();
    expect(calls.length).toBe(2);
  });

  it("calls each write's callback once its data is out", async () => {
    const { socket } = recordingSocket();
    coalesceWrites(socket as never);
    const done: string[] = [];
    socket.write("a", () => done.push("a"));
    socket.write("b", () => done.push("b"));
    expect(done).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(done).toEqual(["a", "b"]);
  });
});
