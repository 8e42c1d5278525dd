/**
 * zod builds object schemas with `new Function` when it can, and probes whether it can by trying
 * when a schema is created: under the pages' Content-Security-Policy (no eval) that probe is
 * reported as a violation even though zod catches it. Schemas are created as their modules load,
 * in whatever order the page's chunks arrive, so the switch must be set before any of them: the
 * root layout renders this as the first script of the page (with the response's nonce), and zod
 * reads its configuration from this global.
 */
export const ZOD_WITHOUT_EVAL_SCRIPT = "globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true});";

/** The nonce of a Content-Security-Policy header's script-src ('nonce-…'); undefined without one. */
export function scriptNonce(policy: string | null): string | undefined {
  return policy ? (/'nonce-([^']+)'/.exec(policy)?.[1] ?? undefined) : undefined;
}
