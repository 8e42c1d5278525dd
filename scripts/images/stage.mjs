#!/usr/bin/env node
// Stages what Dockmaster's images COPY: compiled JavaScript and the production files it loads,
// nothing else (no TypeScript loader, no dev dependencies, no sources).
//
//   node scripts/images/stage.mjs        after `npm run build` (the Next app)
//
// Why on the host and not `npm ci` inside `docker build`: the build container may not reach the
// npm registry (CI engines have no route out), and better-sqlite3's native module is compiled
// here against this Node (install scripts may not download prebuilt binaries). So the app is
// built here and the images copy a traced tree: the Node major of the image's base must match
// this machine's (the script writes it to .image/node-version; the Dockerfile checks it).
//
// Output (.image/, git-ignored):
//   control-plane/apps/web/server.mjs       apps/web/server.ts bundled (workspace packages inside)
//   control-plane/apps/agent/dist/…         the agent bundle and its manifest (npm run build): served
//                                           under /agent/… and run as the local agent (the single
//                                           executable too with DOCKMASTER_IMAGE_AGENT_SEA=1)
//   control-plane/apps/web/{backup,restore}.mjs   npm run backup / restore, for use inside the image
//   control-plane/apps/web/.next/…          Next's production output (no cache)
//   control-plane/node_modules/…            only the files these bundles and Next's server load
//                                           (traced by @vercel/nft, as Next's standalone output is)
//   control-plane/prisma/migrations/…       applied at start
//   agent/dockmaster-agent.cjs              the agent artifact alone (every dependency inside)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const { nodeFileTrace } = require("next/dist/compiled/@vercel/nft");
const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const out = join(root, ".image");
const web = join(root, "apps/web");

const agentDist = join(root, "apps/agent/dist");
if (!existsSync(join(web, ".next/BUILD_ID"))) throw new Error("no Next build: run `npm run build` first");
if (!existsSync(join(agentDist, "manifest.json"))) throw new Error("no agent build: run `npm run build` first");
/**
 * The agent build the image serves: the bundle (hosts with Node ≥ 20; hosts with Docker run the
 * agent image instead). The single executable (a whole Node, ~100 MB) would take the image past
 * its 400 MB budget: DOCKMASTER_IMAGE_AGENT_SEA=1 puts it in too.
 */
function agentManifest() {
  const manifest = JSON.parse(readFileSync(join(agentDist, "manifest.json"), "utf8"));
  if (process.env.DOCKMASTER_IMAGE_AGENT_SEA !== "1") manifest.artifacts = manifest.artifacts.filter((a) => a.kind !== "sea");
  return manifest;
}rmSync(out, { recursive: true, force: true });

/**
 * Bundles one entry point: workspace packages (TypeScript) go inside, npm packages stay external
 * (traced below). In a bundled file, `import.meta.url` would be the bundle's URL: each source's
 * is replaced by where that source sits in the repository layout, which the images keep, so
 * paths computed from it (prisma/migrations, the repository root) still resolve.
 */
async function bundle(entry, outfile, imageRoot) {
  const toRoot = relative(dirname(outfile), imageRoot) || ".";
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
    // ESM output still meets CommonJS `require` inside bundled code.
    banner: { js: 'import { createRequire as __dmRequire } from "node:module"; const require = __dmRequire(import.meta.url);' },
    plugins: [
      {
        name: "npm-external",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@dockmaster/") || args.path.startsWith("node:") ? undefined : { path: args.path, external: true }));
        },
      },
      {
        name: "source-import-meta-url",
        setup(b) {
          b.onLoad({ filter: /\.(ts|tsx|mts)$/ }, (args) => {
            if (args.path.includes("node_modules")) return undefined;
            const source = readFileSync(args.path, "utf8");
            if (!source.includes("import.meta.url")) return undefined;
            const fromBundle = `${toRoot}/${relative(root, args.path)}`.replaceAll("\\", "/");
            return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: "ts" };
          });
        },
      },
    ],
  });
}

/**
 * Every file the given JavaScript files load, relative to the repository root. Next's prebuilt
 * server runtimes (85 MB, every variant) are left to Next's own traces (nextTraces: the ones a
 * production server loads); its docs, SWC compiler and sharp (image optimisation, unused) are left out.
 */
async function trace(files) {
  const ignore = (path) => /^node_modules\/(next\/dist\/compiled\/next-server|next\/dist\/docs|@next\/swc|sharp|@img)/.test(path);
  const { fileList } = await nodeFileTrace(files, { base: root, processCwd: root, ignore });
  return [...fileList];
}

/** Files Next's own traces (written by `next build`) say its server and pages need. */
function nextTraces() {
  const files = new Set();
  const visit = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "cache") continue;
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith(".nft.json")) for (const f of JSON.parse(readFileSync(path, "utf8")).files) files.add(relative(root, resolve(dirname(path), f)));
    }
  };
  visit(join(web, ".next"));
  return files;
}

function copyInto(target, relPaths) {
  for (const rel of relPaths) {
    if (rel.startsWith("..") || rel.startsWith(".image")) continue;
    const from = join(root, rel);
    if (!existsSync(from) || statSync(from).isDirectory()) continue;
    mkdirSync(dirname(join(target, rel)), { recursive: true });
    cpSync(from, join(target, rel), { dereference: true });
  }
}

async function stageControlPlane() {
  const target = join(out, "control-plane");
  const server = join(target, "apps/web/server.mjs");
  await bundle("apps/web/server.ts", server, target);
  // The backup tools, for `docker exec … node apps/web/backup.mjs` (npm run backup / restore in the repo).
  for (const tool of ["backup", "restore"]) await bundle(`scripts/${tool}.ts`, join(target, `apps/web/${tool}.mjs`), target);
  // Traced where they will run from: the bundles resolve npm packages from the repository's node_modules.
  const tmpServer = join(web, ".image-server.mjs");
  const tmpBackup = join(web, ".image-backup.mjs");
  cpSync(server, tmpServer);
  cpSync(join(target, "apps/web/backup.mjs"), tmpBackup);
  try {
    const traced = await trace([tmpServer, tmpBackup]);
    copyInto(target, [...traced, ...nextTraces()].filter((f) => f.startsWith("node_modules/") && !/^node_modules\/(sharp|@img)\//.test(f)));
  } finally {
    rmSync(tmpServer);
    rmSync(tmpBackup);
  }
  // Next's build output (minus its cache) and its static files, the migrations, package metadata.
  cpSync(join(web, ".next"), join(target, "apps/web/.next"), { recursive: true, filter: (src) => !src.includes(`${join(web, ".next", "cache")}`) && !src.includes("/standalone") });
  if (existsSync(join(web, "public"))) cpSync(join(web, "public"), join(target, "apps/web/public"), { recursive: true });
  cpSync(join(root, "prisma/migrations"), join(target, "prisma/migrations"), { recursive: true });
  // The agent builds and their manifest: an air-gapped fleet installs and upgrades from here.
  const manifest = agentManifest();
  for (const { name } of manifest.artifacts) cpSync(join(agentDist, name), join(target, "apps/agent/dist", name));
  writeFileSync(join(target, "apps/agent/dist/manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // The agent install / uninstall scripts the server serves under /agent/…: read at start from where the source keeps them.
  for (const script of ["install.sh", "uninstall.sh"]) cpSync(join(web, "src/server/agent-artifacts", script), join(target, "apps/web/src/server/agent-artifacts", script));
  writeFileSync(join(target, "package.json"), JSON.stringify({ name: "dockmaster", version: JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version, private: true, type: "module" }, null, 2));
  cpSync(join(web, "package.json"), join(target, "apps/web/package.json"));
  // Next's standalone way of starting: the config the build resolved (.next/required-server-files.json)
  // instead of loading next.config.ts, which would need its compiler (SWC) and webpack at run time.
  writeFileSync(
    join(target, "apps/web/start.mjs"),
    `// Written by scripts/images/stage.mjs: starts the bundled server with the config \`next build\` resolved.
import { readFileSync } from "node:fs";
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(new URL("./.next/required-server-files.json", import.meta.url), "utf8")).config);
await import("./server.mjs");
`,
  );
}

async function stageAgent() {
  cpSync(join(agentDist, "dockmaster-agent.cjs"), join(out, "agent/dockmaster-agent.cjs"));
}

await stageControlPlane();
// Packages the control-plane image installs (and CI's downloaded debs/, if any): see its Dockerfile stage.
cpSync(join(root, "deploy/control-plane"), join(out, "deploy/control-plane"), { recursive: true });
await stageAgent();
writeFileSync(join(out, "node-version"), `${process.versions.node.split(".")[0]}\n`);
console.log(`staged ${relative(process.cwd(), out) || "."}/ (control-plane, agent) for Node ${process.versions.node}; ${pathToFileURL(out).href}`);
