import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { createHttpContext, twoFactorRequired, type ApiContext, type ApiServices } from "@dockmaster/api";

export interface ExportSpec<Q extends { format: "csv" | "json" }> {
  /** The audited action, e.g. "audit.export". */
  action: string;
  /** The URL's query: filters and `format`, nothing else (never credentials). */
  query: z.ZodType<Q>;
  /** null = allowed; otherwise the refusal's words (checked after the query is understood). */
  refusal(actor: NonNullable<ApiContext["actor"]>, query: Q): string | null;
  filename: string;
  rows(ctx: ApiContext & { actor: NonNullable<ApiContext["actor"]> }, query: Q): AsyncGenerator<string>;
}

/**
 * A CSV / JSON download over plain HTTP GET: the same session (or Bearer token) as tRPC, the
 * query validated with zod (400 naming the problem), the permission checked (403, audited), the
 * export itself audited, then streamed a chunk at a time with backpressure.
 */
export async function serveExport<Q extends { format: "csv" | "json" }>(services: ApiServices, req: IncomingMessage, res: ServerResponse, spec: ExportSpec<Q>): Promise<void> {
  const ctx = await createHttpContext(services, req, res);
  const actor = ctx.actor;
  const who = actor ? { type: "user" as const, id: actor.id, name: actor.username } : { type: "anonymous" as const };
  const record = (result: "ok" | "denied", extra: { params?: unknown; error?: string }) => services.audit.append({ actor: who, ip: ctx.client.ip, userAgent: ctx.client.userAgent, action: spec.action, result, ...extra });
  if (!actor) {
    await record("denied", { error: "sign in first" });
    return void res.writeHead(401, { "content-type": "text/plain" }).end("sign in first");
  }
  if (actor.mustSetUpTwoFactor) {
    // The same rule as tRPC: until two-factor is on, a password-only session (or its owner's token) reads nothing.
    const refusal = twoFactorRequired(actor.kind);
    await record("denied", { error: refusal });
    return void res.writeHead(403, { "content-type": "text/plain" }).end(refusal);
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  const query = spec.query.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    return void res.writeHead(400, { "content-type": "text/plain" }).end(`invalid export query: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const refusal = spec.refusal(actor, query.data);
  if (refusal) {
    await record("denied", { params: query.data, error: refusal });
    return void res.writeHead(403, { "content-type": "text/plain" }).end(refusal);
  }
  await record("ok", { params: query.data });
  const { format } = query.data;
  res.writeHead(200, {
    "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    "content-disposition": `attachment; filename="${spec.filename}.${format}"`,
    "cache-control": "no-store",
  });
  for await (const chunk of spec.rows({ ...ctx, actor }, query.data)) {
    if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}
