#!/usr/bin/env node
// Builds the agent artifacts the control plane serves under /agent/…:
//   dist/dockmaster-agent.cjs           the agent and all its dependencies in one file; needs only Node.js ≥ 20
//   dist/dockmaster-agent-linux-<arch>  a single executable (Node SEA: this Node with the bundle injected; needs nothing)
//   dist/manifest.json                  version, protocol version, size and SHA-256 of each
// Knobs: DOCKMASTER_AGENT_BUILD_VERSION (default: apps/agent/package.json's version; tests build a
// "newer" agent with it), DOCKMASTER_AGENT_DIST (output dir), DOCKMASTER_AGENT_SEA=0 (skip the SEA).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const agentDir = resolve(here, "..");
const pkg = JSON.parse(readFileSync(join(agentDir, "package.json"), "utf8"));
const version = process.env.DOCKMASTER_AGENT_BUILD_VERSION || pkg.version;
const dist = resolve(process.env.DOCKMASTER_AGENT_DIST || join(agentDir, "dist"));
const withSea = process.env.DOCKMASTER_AGENT_SEA !== "0";
mkdirSync(dist, { recursive: true });

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
const started = Date.now();

// CommonJS: what a SEA can run, and no loader at start. ssh2's optional native add-ons (cpu-features,
// sshcrypto.node) are loaded in try/catch and left out: ssh:// engines fall back to pure JS.
const bundle = join(dist, "dockmaster-agent.cjs");
// Left out of the artifact: code an agent never runs, which would otherwise sit in its memory as
// source text and preparse data (the bundle's modules are compiled lazily, but V8 keeps the whole
// source). Each measured in RSS by bench/artifacts.bench.ts:
//  - ssh2 (with tweetnacl, bcrypt-pbkdf, asn1; ~330 KB): docker-modem's ssh:// transport. An agent
//    talks to its own engine over the socket or TCP (packages/docker's EngineConfig has no ssh);
//  - dockerode's BuildKit session (@grpc/grpc-js, protobufjs; ~400 KB): only for
//    buildImage({ version: "2" }), which packages/docker never asks for (classic builder);
//  - zod's 48 translations of its error messages (~200 KB): the agent reports in English;
//  - engine.io-client's HTTP long-polling transport (xmlhttprequest-ssl, which loads child_process
//    and https at start): the agent connects with the WebSocket transport only (connection.ts).
const STUBS = [
  { filter: /^ssh2$/, importer: /docker-modem/, contents: "module.exports = { Client: function () { throw new Error('ssh:// engines are not supported by the Dockmaster agent'); } };" },
  { filter: /^\.\/session$/, importer: /dockerode/, contents: "module.exports = function (docker, auth, callback) { callback(new Error('BuildKit sessions are not supported by the Dockmaster agent')); };" },
  { filter: /^xmlhttprequest-ssl$/, importer: /engine\.io-client/, contents: "module.exports = { XMLHttpRequest: function () { throw new Error('HTTP long-polling is not used by the Dockmaster agent (WebSocket only)'); } };" },
  { filter: /^\.\.\/locales\/index\.js$/, importer: /zod/, contents: "export { default as en } from './en.js';", resolveDir: "locales" },
];
const leaveOut = {
  name: "leave-out",
  setup(b) {
    for (const stub of STUBS) {
      b.onResolve({ filter: stub.filter }, ({ importer, resolveDir }) =>
        stub.importer.test(importer) ? { path: stub.resolveDir ? join(resolveDir, "..", stub.resolveDir, "index.js") : `${importer}#${stub.filter.source}`, namespace: "agent-stub", pluginData: { stub, resolveDir } } : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: "agent-stub" }, ({ path, pluginData }) => ({
      contents: pluginData.stub.contents,
      loader: "js",
      resolveDir: pluginData.stub.resolveDir ? dirname(path) : pluginData.resolveDir,
    }));
  },
};

const bundled = await build({
  entryPoints: [join(agentDir, "src/main.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "none",
  external: ["cpu-features", "*.node"],
  plugins: [leaveOut],
  define: { "globalThis.__DOCKMASTER_AGENT_VERSION__": JSON.stringify(version) },
  write: false,
  logLevel: "warning",
});
// No hashbang (main.ts's names the TypeScript loader, and a SEA cannot start with one): run as `node dockmaster-agent.cjs`.
writeFileSync(`${bundle}.tmp`, bundled.outputFiles[0].text.replace(/^#!.*\n/, ""));
renameSync(`${bundle}.tmp`, bundle);
const bundleMs = Date.now() - started;

const artifacts = [{ name: "dockmaster-agent.cjs", kind: "node", platform: "any", arch: "any" }];

let seaMs = 0;
if (withSea && process.platform === "linux") {
  const seaStarted = Date.now();
  const name = `dockmaster-agent-linux-${process.arch}`;
  const blob = join(dist, "sea-prep.blob");
  const config = join(dist, "sea-config.json");
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }));
  execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "inherit" });
  const exe = join(dist, `${name}.tmp`);
  rmSync(exe, { force: true });
  copyFileSync(process.execPath, exe);
  const postject = join(agentDir, "../../node_modules/postject/dist/cli.js");
  execFileSync(process.execPath, [postject, exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"], { stdio: "ignore" });
  renameSync(exe, join(dist, name));
  rmSync(blob);
  rmSync(config);
  artifacts.push({ name, kind: "sea", platform: "linux", arch: process.arch });
  seaMs = Date.now() - seaStarted;
}

const manifest = {
  version,
  protocolVersion: Number(/PROTOCOL_VERSION = (\d+)/.exec(readFileSync(join(agentDir, "../../packages/protocol/src/version.ts"), "utf8"))[1]),
  builtAt: new Date().toISOString(),
  nodeVersion: process.version,
  artifacts: artifacts.map((a) => ({ ...a, size: statSync(join(dist, a.name)).size, sha256: sha256(join(dist, a.name)) })),
};
writeFileSync(join(dist, "manifest.json.tmp"), `${JSON.stringify(manifest, null, 2)}\n`);
renameSync(join(dist, "manifest.json.tmp"), join(dist, "manifest.json"));
console.log(`agent ${version}: bundle ${bundleMs} ms${withSea ? `, single executable ${seaMs} ms` : ""} → ${dist}`);
