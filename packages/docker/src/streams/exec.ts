import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import type { ErrorMapper } from "../errors";
import { demuxStdcopy, rawAsStdout, type StdFrame } from "./stdcopy";

export interface ExecOptions {
  cmd: string[];
  tty: boolean;
  user?: string;
  workingDir?: string;
  cols: number;
  rows: number;
}

/** An interactive process inside a container: output frames, stdin, resize, and its exit code. */
export interface ExecSession {
  output: AsyncIterable<StdFrame>;
  write(data: Uint8Array): Promise<void>;
  endInput(): void;
  resize(cols: number, rows: number): Promise<void>;
  /** The exit code, once output has ended (null if the engine does not know it). */
  exitCode(): Promise<number | null>;
  close(): void;
}

/** `docker exec -it`: creates the exec instance, attaches (hijacked connection) and starts it. */
export async function startExec(docker: Docker, errors: ErrorMapper, id: string, options: ExecOptions): Promise<ExecSession> {
  const exec = await errors.call(() =>
    docker.getContainer(id).exec({
      Cmd: options.cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: options.tty,
      User: options.user,
      WorkingDir: options.workingDir,
      // A TTY needs a terminal type for shells to draw prompts and colours.
      Env: options.tty ? ["TERM=xterm-256color"] : undefined,
    }),
  );
  const socket = await errors.call<Duplex>(() => exec.start({ hijack: true, stdin: true, Tty: options.tty }));
  const resize = (cols: number, rows: number) => errors.call(async () => void (await exec.resize({ w: cols, h: rows })));
  if (options.tty) await resize(options.cols, options.rows).catch(() => undefined); // the process may already be gone

  const frames = options.tty ? rawAsStdout(socket) : demuxStdcopy(socket);
  return {
    output: {
      async *[Symbol.asyncIterator]() {
        try {
          yield* frames;
        } catch (error) {
          if (socket.destroyed) return; // closed by us
          throw errors.map(error);
        }
      },
    },
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (socket.destroyed || socket.writableEnded) return reject(new Error("the exec session has ended"));
        socket.write(data, (error) => (error ? reject(error) : resolve()));
      }),
    endInput: () => {
      if (!socket.destroyed && !socket.writableEnded) socket.end();
    },
    resize,
    exitCode: async () => {
      const state = await errors.call(() => exec.inspect());
      return typeof state.ExitCode === "number" ? state.ExitCode : null;
    },
    close: () => socket.destroy(),
  };
}
