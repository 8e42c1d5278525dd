import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import next from "next";
import { Server } from "socket.io";
import { AuditLog, markAllHostsOffline } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";
import { attachAgentGateway, attachUiGateway } from "@dockmaster/realtime";
import { loadConfig } from "./src/config";
import { startLocalAgent } from "./src/server/local-agent";
import { log } from "./src/server/logger";
import { createRequestHandler } from "./src/server/routes";

// Wiring only: config → database (migrated) → Next + tRPC + socket.io on one port → local agent.
const config = loadConfig();
const applied = await migrate(config.databaseUrl);
if (applied.length) log.info("database migrated", { applied });
const database = createDatabase(config.databaseUrl);
const db = database.prisma;
const audit = new AuditLog(db, database.provider);
await markAllHostsOffline(db);

const app = next({ dev: config.dev, dir: fileURLToPath(new URL(".", import.meta.url)) });
await app.prepare();

// socket.io must attach after the request listener exists (it wraps it to claim /socket.io/).
let handle: ReturnType<typeof createRequestHandler> = (_req, res) => res.writeHead(503).end();
const httpServer = createServer((req, res) => handle(req, res));
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1_000_000 });
const ui = attachUiGateway(io, { db, audit, log });
const hub = attachAgentGateway(io, { db, audit, log, onEngineEvent: ui.publishEngineEvent, onHostStatus: ui.publishHostStatus });
handle = createRequestHandler({ db, hub, audit, secureCookies: config.secureCookies }, database, app.getRequestHandler());

await new Promise<void>((resolve) => httpServer.listen(config.port, config.bind, resolve));
log.info("Dockmaster is running", { url: `http://${config.bind === "0.0.0.0" ? "localhost" : config.bind}:${config.port}`, database: database.provider });
process.stdout.write(`\n  Dockmaster → http://${config.bind === "0.0.0.0" ? "localhost" : config.bind}:${config.port}\n\n`);
const stopAgent = await startLocalAgent(config, db, audit);

function shutdown() {
  stopAgent?.();
  void io.close();
  httpServer.close(() => void database.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
