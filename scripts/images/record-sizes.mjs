#!/usr/bin/env node
// Merges the images' sizes into bench/results/artifacts.json (other keys of that file belong to
// other measurements: read, change `images`, write).
//   node scripts/images/record-sizes.mjs <control-plane MB> <agent MB> <base image> <check seconds>
import { existsSync, readFileSync, writeFileSync } from "node:fs";
const [controlPlane, agent, base, seconds] = process.argv.slice(2);
const file = new URL("../../bench/results/artifacts.json", import.meta.url);
const current = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
current.images = {
  measuredAt: new Date().toISOString(),
  base,
  unit: "MB (10^6 bytes, docker image inspect .Size)",
  controlPlane: { sizeMB: Number(controlPlane), limitMB: 400 },
  agent: { sizeMB: Number(agent), limitMB: 150 },
  composeCheckSeconds: Number(seconds),
};
writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
console.log(`recorded image sizes in ${file.pathname}`);
