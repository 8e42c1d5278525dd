/** Structured one-line JSON logs on stderr; never prints secrets or tokens. */
export interface AgentLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function write(level: string, message: string, fields?: Record<string, unknown>) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, component: "agent", message, ...fields })}\n`);
}

export const agentLog: AgentLog = {
  info: (m, f) => write("info", m, f),
  warn: (m, f) => write("warn", m, f),
  error: (m, f) => write("error", m, f),
};
