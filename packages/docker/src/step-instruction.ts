/**
 * A history entry's CreatedBy as the Dockerfile line a user wrote, as far as the image records it.
 *  - BuildKit stores the line itself ("ADD flag.txt /flag.txt # buildkit").
 *  - The classic builder stores metadata steps as "/bin/sh -c #(nop)  ENV X=1" and RUN as
 *    "/bin/sh -c <command>" (with "|N K=V …" in front when build args were set), and ADD/COPY as
 *    "ADD file:<sha256 of the content> in /dest": the source path of the Dockerfile is gone.
 */
export interface StepInstruction {
  instruction: string;
  /** Why the original line is not what is shown (null when it is). */
  note: string | null;
  /** An ADD or COPY: its layer's files are the best account of what it added. */
  addsFiles: boolean;
}

const CLASSIC_ADD = /^(ADD|COPY) (file|dir|multi):([0-9a-f]{64}) in (.+)$/s;
const SOURCE_WORDS: Record<string, string> = { file: "<file>", dir: "<directory>", multi: "<several files>" };

export function stepInstruction(createdBy: string): StepInstruction {
  const text = createdBy.trim();
  if (text === "") return { instruction: "", note: "no instruction recorded (an imported image or a commit records none)", addsFiles: false };
  if (/ # buildkit$/.test(text)) {
    const line = text.replace(/ # buildkit$/, "").replace(/^RUN \/bin\/sh -c /, "RUN ");
    return { instruction: line, note: null, addsFiles: /^(ADD|COPY) /.test(line) };
  }
  const nop = /#\(nop\)\s+(.*)$/s.exec(text);
  if (nop?.[1]) {
    const line = nop[1].trim();
    const add = CLASSIC_ADD.exec(line);
    if (!add) return { instruction: line, note: null, addsFiles: /^(ADD|COPY) /.test(line) };
    const [, op, kind, sum, dest] = add;
    return {
      instruction: `${op} ${SOURCE_WORDS[kind!]} ${dest!.trim()}`,
      note: `The original ${op} line is not recorded: the classic builder keeps only a checksum of the content (${kind}:${sum!.slice(0, 12)}…), not its source path. The files below are what the layer holds.`,
      addsFiles: true,
    };
  }
  // "|2 A=1 B=2 /bin/sh -c make": build args in front of a classic RUN.
  const run = /^(?:\|\d+ (.*?) )?\/bin\/sh -c (.*)$/s.exec(text);
  if (run) return { instruction: `RUN ${run[2]!.trim()}`, note: run[1] ? `run with build args ${run[1]}` : null, addsFiles: false };
  return { instruction: text, note: null, addsFiles: false };
}
