import { rmSync } from "node:fs";

/** The app's data dir (SQLite file, local agent credentials) was made for this run: remove it. */
export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir?.includes("dm-e2e-")) rmSync(dir, { recursive: true, force: true });
}
