import type { Logger } from "@dockmaster/realtime";

function write(level: string, message: string, fields?: Record<string, unknown>) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, component: "server", message, ...fields })}\n`);
}

/** One-line JSON logs on stderr. Callers never pass secrets, tokens or cookies. */
export const log: Logger = {
  info: (m, f) => write("info", m, f),
  warn: (m, f) => write("warn", m, f),
  error: (m, f) => write("error", m, f),
};

/**
 * If whatever reads our stdout/stderr goes away (a pipe to a log collector that died), writes fail
 * with EPIPE, then with "stream destroyed". Unhandled, each failure reached Next's uncaughtException
 * handler, which logs it to the same closed stream: a loop that held the server at 100 % CPU and
 * deaf to SIGTERM. Handled here: the server keeps serving, without the lost log lines.
 */
export function keepServingWithoutLogPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
}
