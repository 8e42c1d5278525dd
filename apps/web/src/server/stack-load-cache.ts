import { createHash } from "node:crypto";
import type { LoadInput, LoadResult } from "@dockmaster/compose";

/**
 * packages/compose's loadProject is pure (no I/O, no process environment) but not cheap: parsing,
 * schema validation and normalisation take 10–20 ms of CPU for a 20-service stack, ten times that
 * on a busy host, and far more on the first call (the schema is compiled). A deploy, its plan
 * preview and every unchanged redeploy load the same files with the same variables: the last few
 * results are kept, by a hash of the whole input. Callers only read the result (plan, gate).
 */
export function cachedLoader(load: (input: LoadInput) => LoadResult, size = 16): (input: LoadInput) => LoadResult {
  const results = new Map<string, LoadResult>();
  return (input) => {
    const key = createHash("sha256").update(JSON.stringify(input)).digest("base64");
    const hit = results.get(key);
    if (hit) {
      results.delete(key); // most recently used last
      results.set(key, hit);
      return hit;
    }
    const result = load(input);
    results.set(key, result);
    if (results.size > size) results.delete(results.keys().next().value!);
    return result;
  };
}
