import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import type { ApiContext, ApiServices } from "@dockmaster/api";
import { httpActor, parseQuery } from "./http-actor";

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
  const edge = await httpActor(services, req, res, spec.action);
  if (!edge) return;
  const { ctx, actor, audit } = edge;
  const query = parseQuery(req, res, spec.query, "export query");
  if (!query) return;
  const refusal = spec.refusal(actor, query);
  if (refusal) {
    await audit({ result: "denied", params: query, error: refusal });
    return void res.writeHead(403, { "content-type": "text/plain" }).end(refusal);
  }
  await audit({ result: "ok", params: query });
  const { format } = query;
  res.writeHead(200, {
    "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    "content-disposition": `attachment; filename="${spec.filename}.${format}"`,
    "cache-control": "no-store",
  });
  for await (const chunk of spec.rows(ctx, query)) {
    if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}
