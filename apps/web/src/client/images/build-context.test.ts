import { describe, expect, it } from "vitest";
import { parseTar } from "nanotar";
import { contextTar, parseBuildArgs, parseTags, stripTopFolder } from "./build-context";

describe("build context", () => {
  it("makes a tar the engine can read, with nested paths", () => {
    const tar = contextTar([
      { name: "Dockerfile", data: "FROM scratch\n" },
      { name: "./html/index.html", data: "Hello World\n" },
    ]);
    const files = parseTar(tar);
    expect(files.map((f) => f.name)).toEqual(["Dockerfile", "html/index.html"]);
    expect(new TextDecoder().decode(files[1]!.data)).toBe("Hello World\n");
  });

  it("refuses paths that escape the context and duplicates", () => {
    expect(() => contextTar([{ name: "../etc/passwd", data: "" }])).toThrow(/not a path inside the build context/);
    expect(() => contextTar([{ name: "a", data: "" }, { name: "./a", data: "" }])).toThrow(/appears twice/);
  });

  it("drops the picked folder's own name", () => {
    expect(stripTopFolder("site/html/index.html")).toBe("html/index.html");
  });

  it("parses build args and names a bad line", () => {
    expect(parseBuildArgs("VERSION=1.2\n# comment\n\nEMPTY")).toEqual({ VERSION: "1.2", EMPTY: "" });
    expect(() => parseBuildArgs("OK=1\n1BAD=x")).toThrow('build args, line 2: "1BAD" is not a valid argument name');
  });

  it("checks every tag", () => {
    expect(parseTags("web:1, registry:5000/team/web:1")).toEqual(["web:1", "registry:5000/team/web:1"]);
    expect(() => parseTags("web:1 -bad")).toThrow(/tags: "-bad"/);
  });
});
