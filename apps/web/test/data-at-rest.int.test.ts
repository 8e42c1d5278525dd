import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDirectoryPrivate } from "@dockmaster/db";
import { loadSecretKey } from "../src/server/secret-key";
import { removeDir, startTestPlane } from "./support";

/** The database and the secret key are readable by the server's own user only. */
const modeOf = (path: string) => statSync(path).mode & 0o777;
const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "dm-rest-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDir));

describe("SQLite files", () => {
  it("are created 0600 (the database, its -wal and -shm) in a directory created 0700", async () => {
    const dataDir = join(scratch(), "data");
    const plane = await startTestPlane(scratch(), 0, `file:${join(dataDir, "dockmaster.db")}`);
    await plane.db.user.create({ data: { username: "rest-user", passwordHash: "x" } });
    const file = join(dataDir, "dockmaster.db");
    expect(modeOf(dataDir).toString(8)).toBe("700");
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(path), path).toBe(true);
      expect(modeOf(path).toString(8), path).toBe("600");
    }
    await plane.close();
  });

  it("left readable by an older install are made private at the next start", async () => {
    const dir = scratch();
    const file = join(dir, "old.db");
    const first = await startTestPlane(dir, 0, `file:${file}`);
    await first.db.user.create({ data: { username: "rest-old", passwordHash: "x" } });
    await first.close();
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o644);
    const second = await startTestPlane(dir, 0, `file:${file}`);
    await second.db.user.count();
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) expect(modeOf(path).toString(8), path).toBe("600");
    await second.close();
  });
});

describe("the data directory and the secret key", () => {
  it("a data directory readable by others becomes 0700; a shared sticky one is left alone", () => {
    const open = join(scratch(), "data");
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    expect(makeDirectoryPrivate(open)).toBe(true);
    expect(modeOf(open).toString(8)).toBe("700");
    const created = join(scratch(), "new", "data");
    expect(makeDirectoryPrivate(created)).toBe(true);
    expect(modeOf(created).toString(8)).toBe("700");
    const sticky = join(scratch(), "shared");
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    expect(makeDirectoryPrivate(sticky)).toBe(false);
    expect(statSync(sticky).mode & 0o7777).toBe(0o1777);
  });

  it("a secret key file readable by others is made 0600 when it is read", () => {
    const dir = scratch();
    const key = loadSecretKey(dir, undefined);
    expect(modeOf(join(dir, "secret.key")).toString(8)).toBe("600");
    chmodSync(join(dir, "secret.key"), 0o644);
    writeFileSync(join(dir, "unrelated"), "x");
    expect(loadSecretKey(dir, undefined).equals(key)).toBe(true);
    expect(modeOf(join(dir, "secret.key")).toString(8)).toBe("600");
  });
});
