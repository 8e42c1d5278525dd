import { describe, expect, it } from "vitest";
import { stepInstruction } from "./step-instruction";

const SUM = "04b9c7a2f1e3d5c6b7a8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";

describe("stepInstruction", () => {
  it("a classic ADD/COPY: the destination and the kind of source, and why the source is not shown", () => {
    expect(stepInstruction(`/bin/sh -c #(nop) ADD file:${SUM} in /flag.txt `)).toEqual({
      instruction: "ADD <file> /flag.txt",
      note: "The original ADD line is not recorded: the classic builder keeps only a checksum of the content (file:04b9c7a2f1e3…), not its source path. The files below are what the layer holds.",
      addsFiles: true,
    });
    expect(stepInstruction(`/bin/sh -c #(nop) COPY dir:${SUM} in /app/ `).instruction).toBe("COPY <directory> /app/");
    expect(stepInstruction(`/bin/sh -c #(nop) COPY multi:${SUM} in /srv/`).instruction).toBe("COPY <several files> /srv/");
  });

  it("BuildKit keeps the Dockerfile line: shown as written", () => {
    expect(stepInstruction("ADD flag.txt /flag.txt # buildkit")).toEqual({ instruction: "ADD flag.txt /flag.txt", note: null, addsFiles: true });
    expect(stepInstruction("RUN /bin/sh -c apk add curl # buildkit")).toEqual({ instruction: "RUN apk add curl", note: null, addsFiles: false });
  });

  it("classic metadata steps and RUN, with build args said", () => {
    expect(stepInstruction("/bin/sh -c #(nop)  ENV X=1")).toEqual({ instruction: "ENV X=1", note: null, addsFiles: false });
    expect(stepInstruction("/bin/sh -c rm /flag.txt")).toEqual({ instruction: "RUN rm /flag.txt", note: null, addsFiles: false });
    expect(stepInstruction("|2 A=1 B=x y /bin/sh -c make")).toEqual({ instruction: "RUN make", note: "run with build args A=1 B=x y", addsFiles: false });
  });

  it("says when nothing is recorded", () => {
    const none = stepInstruction("");
    expect(none.instruction).toBe("");
    expect(none.note).toMatch(/no instruction recorded/);
  });
});
