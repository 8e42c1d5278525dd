import { createReadStream, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getSettings } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { log } from "../logger";
import { AGENT_ENV, AGENT_NODE_FLAGS } from "./node-flags";
import type { AgentRelease } from "./release";

const script = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
const SCRIPTS = { "install.sh": script("install.sh"), "uninstall.sh": script("uninstall.sh") };

/**
 * GET /agent/…, unauthenticated like any download a fresh machine makes (nothing here is secret:
 * the token travels on the command line, never in these files):
 *   install.sh, uninstall.sh     the scripts, with this control plane's public URL written in
 *   manifest.json                version, protocol version, artifacts with size and SHA-256
 *   <artifact>, <artifact>.sha256  the builds in the manifest (sha256sum format)
 * The URL written into the scripts is the public URL setting, else this request's own address.
 */
export async function handleAgentRoute(db: Db, release: AgentRelease, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("only GET and HEAD are served under /agent/");
  const name = (req.url ?? "").split("?")[0]!.slice("/agent/".length);
  const head = req.method === "HEAD";
  if (name === "install.sh" || name === "uninstall.sh") {
    const url = (await getSettings(db)).publicUrl ?? requestOrigin(req);
    const body = SCRIPTS[name].replaceAll("__DOCKMASTER_URL__", url).replaceAll("__NODE_FLAGS__", AGENT_NODE_FLAGS.join(" ")).replaceAll("__GLIBC_TUNABLES__", AGENT_ENV.GLIBC_TUNABLES);
    return void res.writeHead(200, { "content-type": "text/x-shellscript; charset=utf-8", "cache-control": "no-store" }).end(head ? undefined : body);
  }
  const manifest = release.manifest();
  if (!manifest) return void res.writeHead(503, { "content-type": "text/plain" }).end("this control plane has no agent build: run `npm run build` where it is installed");
  if (name === "manifest.json") return void res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(head ? undefined : JSON.stringify(manifest));
  const checksum = name.endsWith(".sha256");
  const artifact = release.artifact(checksum ? name.slice(0, -".sha256".length) : name);
  if (!artifact) return void res.writeHead(404, { "content-type": "text/plain" }).end(`no agent file ${JSON.stringify(name.slice(0, 100))}; this control plane serves ${manifest.artifacts.map((a) => a.name).join(", ")}`);
  if (checksum) return void res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" }).end(head ? undefined : `${artifact.sha256}  ${name.slice(0, -".sha256".length)}\n`);
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": artifact.size, "cache-control": "no-store", "x-checksum-sha256": artifact.sha256 });
  if (head) return void res.end();
  createReadStream(artifact.path)
    .on("error", (error) => {
      log.error("agent artifact could not be read", { name, error: String(error) });
      res.destroy();
    })
    .pipe(res);
}

function requestOrigin(req: IncomingMessage): string {
  // Written into a shell script: a Host header that is not a plain host[:port] is not trusted.
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(req.headers.host ?? "") ? req.headers.host! : "localhost";
  return `${(req.socket as { encrypted?: boolean }).encrypted ? "https" : "http"}://${host}`;
}
