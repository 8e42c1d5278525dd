import { describe, expect, it } from "vitest";
import { demuxStdcopy, rawAsStdout, type StdFrame } from "./stdcopy";

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* from(chunks: Buffer[]) {
  for (const c of chunks) yield await Promise.resolve(c);
}

async function collect(it: AsyncIterable<StdFrame>) {
  const out: Array<[string, string]> = [];
  for await (const f of it) out.push([f.stream, f.data.toString()]);
  return out;
}

describe("demuxStdcopy", () => {
  const wire = Buffer.concat([frame(1, "hello\n"), frame(2, "oops\n"), frame(1, "a".repeat(70_000))]);

  it("splits stdout and stderr frames from one chunk", async () => {
    expect(await collect(demuxStdcopy(from([wire])))).toEqual([
      ["out", "hello\n"],
      ["err", "oops\n"],
      ["out", "a".repeat(70_000)],
    ]);
  });

  it("joins consecutive frames of one stream within a chunk, in order", async () => {
    const lines = Buffer.concat([frame(1, "a\n"), frame(1, "b\n"), frame(2, "x\n"), frame(1, "c\n"), frame(1, "d\n")]);
    expect(await collect(demuxStdcopy(from([lines])))).toEqual([
      ["out", "a\nb\n"],
      ["err", "x\n"],
      ["out", "c\nd\n"],
    ]);
  });

  it("reassembles frames split at every possible byte boundary", async () => {
    for (let cut = 1; cut < 40; cut++) {
      const result = await collect(demuxStdcopy(from([wire.subarray(0, cut), wire.subarray(cut)])));
      expect(result.map(([s]) => s)).toEqual(["out", "err", "out"]);
      expect(result[1]![1]).toBe("oops\n");
    }
  });

  it("handles one byte at a time", async () => {
    const bytes = [...frame(2, "x\n"), ...frame(1, "y")].map((b) => Buffer.from([b]));
    expect(await collect(demuxStdcopy(from(bytes)))).toEqual([
      ["err", "x\n"],
      ["out", "y"],
    ]);
  });

  it("refuses a stream that ends inside a frame", async () => {
    await expect(collect(demuxStdcopy(from([frame(1, "hello").subarray(0, 10)])))).rejects.toThrow(/inside a frame/);
  });

  it("passes a TTY stream through as stdout, header-looking bytes included", async () => {
    expect(await collect(rawAsStdout(from([frame(2, "raw")])))).toEqual([["out", frame(2, "raw").toString()]]);
  });
});
