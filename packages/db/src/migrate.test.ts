import { describe, expect, it } from "vitest";
import { checksumOf, committedMigrations, pendingMigrations, type Migration } from "./migrate";

const m = (name: string, sql: string): Migration => ({ name, sql, checksum: checksumOf(sql) });

describe("pendingMigrations", () => {
  const all = [m("20260101000000_a", "CREATE TABLE a (x INT);"), m("20260102000000_b", "CREATE TABLE b (x INT);")];

  it("returns the ones not applied yet, in order", () => {
    expect(pendingMigrations(all, []).map((x) => x.name)).toEqual(["20260101000000_a", "20260102000000_b"]);
    expect(pendingMigrations(all, [{ name: all[0]!.name, checksum: all[0]!.checksum }]).map((x) => x.name)).toEqual(["20260102000000_b"]);
    expect(pendingMigrations(all, all)).toEqual([]);
  });

  it("refuses when an applied migration's checksum changed", () => {
    expect(() => pendingMigrations(all, [{ name: all[0]!.name, checksum: checksumOf("something else") }])).toThrow(/20260101000000_a was changed after it was applied/);
  });

  it("checksums ignore CRLF vs LF line endings only", () => {
    expect(checksumOf("a;\r\nb;\r\n")).toBe(checksumOf("a;\nb;\n"));
    expect(checksumOf("a;\nb;")).not.toBe(checksumOf("a;\nb;\n"));
    expect(checksumOf("")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("committedMigrations", () => {
  it("finds both providers' migrations from the package location, in the same order", () => {
    const sqlite = committedMigrations("sqlite");
    const postgresql = committedMigrations("postgresql");
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.map((x) => x.name)).toEqual([...sqlite.map((x) => x.name)].sort());
    expect(postgresql.map((x) => x.name)).toEqual(sqlite.map((x) => x.name));
    expect(sqlite[0]!.sql).toMatch(/CREATE TABLE "User"/);
  });
});
