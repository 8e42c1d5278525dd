import type { IncomingMessage, ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter, createHttpContext, createPageContext, type ApiContext, type ApiServices } from "@dockmaster/api";
import type { Database } from "@dockmaster/db";
import { writeHealth } from "./health";
import { handleAgentRoute } from "./agent-artifacts/routes";
import type { AgentRelease } from "./agent-artifacts/release";
import { handleAuditExport } from "./audit-export";
import { handleEventsExport } from "./events-export";
import { handleSsoCallback, handleSsoStart } from "./sso-routes";
import { log } from "./logger";
import type { ClusterLink } from "./redis";
import { withPageRequest } from "./page-request";
import { declaresMoreThan } from "./request-body";
import { undecodableUrl } from "./request-url";
import { setPageCsp } from "./security-headers";
import { handleStackWebhook, STACK_WEBHOOK } from "./stack-webhook";
import { handleFileDownload } from "./container-files/download";
import { handleFileUpload } from "./container-files/upload";
import type { SocketAgentHub } from "@dockmaster/realtime";
import { admitTrpcRequest, DEFAULT_TRPC_BODY_LIMIT } from "./trpc-edge";
import { MAX_BATCH_CALLS } from "../trpc-limits";

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * CSRF: a state-changing request whose Origin is not this server is refused. Browsers always send
 * Origin on cross-origin POSTs; the session cookie is SameSite=Lax on top of that.
 */
function crossSite(req: IncomingMessage): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  const origin = req.headers.origin;
  if (!origin) return false; // not a browser (CLI, API token): no ambient cookie to abuse
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Plain GET routes served here: exports (streamed downloads) and single sign-on (browser navigations). */
const GET_ROUTES: Record<string, (services: ApiServices, req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
  "/api/audit/export": handleAuditExport,
  "/api/events/export": handleEventsExport,
  "/api/sso/start": handleSsoStart,
  "/api/sso/callback": handleSsoCallback,
};

/** Downloads and uploads of container files: bodies streamed through the agent, never held whole. */
const FILE_ROUTES: Record<string, (services: ApiServices, hub: SocketAgentHub, req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
  "GET /api/containers/files/download": handleFileDownload,
  "PUT /api/containers/files/upload": handleFileUpload,
};

/** /api/trpc and /api/health are served here, in the same process as the hub; the rest goes to Next. */
export function createRequestHandler(services: ApiServices, database: Database, nextHandler: Handler, options: { devPages: boolean; agentRelease?: AgentRelease; clusterLink?: ClusterLink; hub?: SocketAgentHub } = { devPages: false }): Handler {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req, res }) => createHttpContext(services, req, res),
    // Both also checked first, with clearer answers, by admitTrpcRequest (trpc-edge.ts): a backstop.
    maxBatchSize: MAX_BATCH_CALLS,
    maxBodySize: 1024 * 1024,
    // No onError log: publicMessage (packages/api/src/errors.ts) logs each internal error once, with the request id.
  });
  return (req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/api/trpc/")) {
      if (crossSite(req)) return void res.writeHead(403, { "content-type": "text/plain" }).end("cross-site request refused");
      admitTrpcRequest(req, res)
        .then((admitted) => admitted && trpc(req, res))
        .catch((error: unknown) => {
          log.error("tRPC request refused at the edge", { error: String(error) });
          if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" }).end("bad request");
          else res.destroy();
        });
      return;
    }
    const webhook = STACK_WEBHOOK.exec(url);
    if (webhook && services.stacks?.git) {
      const git = services.stacks.git;
      handleStackWebhook({ db: services.db, secrets: services.secrets, audit: services.audit, git }, req, res, webhook[1]!).catch((error: unknown) => {
        log.error("stack webhook failed", { error: String(error) });
        if (!res.headersSent) res.writeHead(500).end("webhook failed");
        else res.destroy();
      });
      return;
    }
    // A container's files: streamed both ways through the host's agent (container-files/).
    const files = options.hub && FILE_ROUTES[`${req.method ?? ""} ${url.split("?")[0] ?? ""}`];
    if (files) {
      if (crossSite(req)) return void res.writeHead(403, { "content-type": "text/plain", connection: "close" }).end("cross-site request refused");
      files(services, options.hub!, req, res).catch((error: unknown) => {
        log.error("container files request failed", { error: String(error) });
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain", connection: "close" }).end("request failed");
        else res.destroy();
      });
      return;
    }
    // No other route reads a body (pages, health, exports): one announced larger than any procedure's is refused unread.
    if (declaresMoreThan(req, DEFAULT_TRPC_BODY_LIMIT)) return void res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end(`the request body is larger than ${DEFAULT_TRPC_BODY_LIMIT / 1024} KiB`);
    const path = url.split("?")[0];
    const getRoute = req.method !== "GET" ? undefined : GET_ROUTES[path ?? ""];
    if (getRoute) {
      getRoute(services, req, res).catch((error: unknown) => {
        log.error("request failed", { url: path, error: String(error) });
        if (!res.headersSent) res.writeHead(500).end("request failed");
        else res.destroy();
      });
      return;
    }
    if (url.startsWith("/agent/") && options.agentRelease) {
      const release = options.agentRelease;
      handleAgentRoute(database.prisma, release, req, res).catch((error: unknown) => {
        log.error("agent download failed", { url: url.split("?")[0], error: String(error) });
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("agent download failed; see the server log");
        else res.destroy();
      });
      return;
    }
    if (url === "/api/health" || url.startsWith("/api/health?")) {
      void writeHealth(res, database, services.hub, options.clusterLink);
      return;
    }
    // A page's server components may read its first data in-process (page-request.ts); the
    // session is resolved only if one of them asks.
    if (undecodableUrl(url)) return void res.writeHead(400, { "content-type": "text/plain" }).end("the URL holds percent-encoding that is not UTF-8 text");
    let context: Promise<ApiContext> | null = null;
    setPageCsp(req, res, options.devPages);
    withPageRequest({ router: appRouter, context: () => (context ??= createPageContext(services, req)) }, () => nextHandler(req, res));
  };
}
