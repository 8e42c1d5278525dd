import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, redactDatabaseUrl } from "./url";

describe("parseDatabaseUrl", () => {
  it("reads SQLite file: URLs, relative (to the cwd) or absolute", () => {
    expect(parseDatabaseUrl("file:./data/dm.db")).toEqual({ provider: "sqlite", file: `${process.cwd()}/data/dm.db` });
    expect(parseDatabaseUrl("file:data/dm.db")).toEqual({ provider: "sqlite", file: `${process.cwd()}/data/dm.db` });
    expect(parseDatabaseUrl("file:/var/lib/dm.db")).toEqual({ provider: "sqlite", file: "/var/lib/dm.db" });
    expect(parseDatabaseUrl("file:///var/lib/dm.db")).toEqual({ provider: "sqlite", file: "/var/lib/dm.db" });
    expect(parseDatabaseUrl("file:/var/lib/dm.db?connection_limit=1")).toEqual({ provider: "sqlite", file: "/var/lib/dm.db" });
  });

  it("reads PostgreSQL URLs", () => {
    for (const url of ["postgres://u:p@db:5432/dm", "postgresql://u@127.0.0.1/dm?sslmode=disable"]) {
      expect(parseDatabaseUrl(url)).toEqual({ provider: "postgresql", url });
    }
  });

  it("rejects anything else, without echoing the URL", () => {
    expect(() => parseDatabaseUrl("mysql://u:secret@h/db")).toThrow(/must start with file: .* or postgresql:\/\//);
    expect(() => parseDatabaseUrl("mysql://u:secret@h/db")).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl("file:")).toThrow(/needs a file path/);
    expect(() => parseDatabaseUrl("file::memory:")).toThrow(/needs a file path/);
  });
});

describe("redactDatabaseUrl", () => {
  it("hides the password", () => {
    expect(redactDatabaseUrl("postgresql://dm:s3cr%40t@db:5432/dm")).toBe("postgresql://dm:***@db:5432/dm");
    expect(redactDatabaseUrl("postgresql://dm@db/dm")).toBe("postgresql://dm@db/dm");
    expect(redactDatabaseUrl("file:./x.db")).toBe("file:./x.db");
  });
});
