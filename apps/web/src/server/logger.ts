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
