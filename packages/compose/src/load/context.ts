import type { Path } from "./diagnostics";

/** What normalising one service needs: its names, the variables, and a way to report problems at a place in it. */
export interface ServiceContext {
  project: string;
  service: string;
  workingDir?: string;
  variables: Record<string, string>;
  /** Paths are relative to the service (["ports", 0]); `onKey` points at the key rather than its value. */
  error(path: Path, message: string, onKey?: boolean): void;
  warn(path: Path, message: string, onKey?: boolean): void;
}
