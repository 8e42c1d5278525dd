import { createHash } from "node:crypto";
import { AppError } from "@dockmaster/core";
import { MAX_EDIT_BYTES } from "@dockmaster/protocol";

const describe = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/** Refuses what the editor must not open: more than MAX_EDIT_BYTES (checked before reading). */
export function checkEditableSize(path: string, size: number): void {
  if (size > MAX_EDIT_BYTES) throw new AppError("BAD_REQUEST", `${path} is ${describe(size)}: only files up to ${describe(MAX_EDIT_BYTES)} are edited in place; download it instead`);
}

/**
 * Bytes → the editor's text, or a refusal: a NUL byte or invalid UTF-8 is binary (an editor would
 * mangle it on save). The SHA-256 of the bytes comes along: a save names it, and the agent writes
 * only over the same content.
 */
export function asEditableText(path: string, bytes: Uint8Array): { content: string; sha256: string } {
  checkEditableSize(path, bytes.byteLength);
  const binary = () => new AppError("BAD_REQUEST", `${path} is a binary file: it cannot be edited as text; download it instead`);
  if (bytes.includes(0)) throw binary();
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw binary();
  }
  return { content, sha256: createHash("sha256").update(bytes).digest("hex") };
}
