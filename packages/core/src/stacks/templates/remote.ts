import { AppError } from "../../errors";
import { stackTemplates, type StackTemplate } from "./format";

/**
 * The admin's template catalogue (settings.stackTemplatesUrl), fetched by the server: at most 1 MiB
 * (counted as it arrives, never buffered whole), 5 s, http(s) only, no redirects followed, kept for
 * five minutes. A failure is reported next to the built-ins, never instead of them.
 */
const MAX_BYTES = 1024 * 1024;
const TIMEOUT_MS = 5_000;
const KEEP_MS = 5 * 60_000;

let cached: { url: string; at: number; templates: StackTemplate[] } | null = null;

export async function fetchTemplateCatalogue(url: string, now = Date.now()): Promise<StackTemplate[]> {
  if (cached && cached.url === url && now - cached.at < KEEP_MS) return cached.templates;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error", headers: { accept: "application/json" } });
  } catch (error) {
    throw new AppError("BAD_GATEWAY", `the template catalogue could not be fetched: ${error instanceof Error && error.name === "TimeoutError" ? "no answer within 5 s" : "the server could not be reached"}`);
  }
  if (!response.ok || !response.body) throw new AppError("BAD_GATEWAY", `the template catalogue answered HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > MAX_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("BAD_GATEWAY", "the template catalogue is larger than 1 MiB");
    }
    chunks.push(read.value);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("BAD_GATEWAY", "the template catalogue is not JSON");
  }
  const { templates } = stackTemplates(raw, "catalogue");
  cached = { url, at: now, templates };
  return templates;
}
