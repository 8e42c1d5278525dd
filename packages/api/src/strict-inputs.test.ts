import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "./root";
import { looseObjectsOf, strictInput } from "./input";

type Procedure = { _def: { inputs: z.ZodType[]; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

/**
 * Issue 13, finding 1: every procedure's input refuses keys it does not declare, at every depth —
 * a key the permission check might read but the parser would strip is refused outright.
 */
describe("every procedure input is strict", () => {
  it("finds the procedures", () => expect(procedures.length).toBeGreaterThan(90));

  it.each(procedures)("%s has exactly one input parser, strict at every depth", (_path, procedure) => {
    expect(procedure._def.inputs).toHaveLength(1); // a chained .input() would merge a second, unchecked parser
    expect(looseObjectsOf(procedure._def.inputs[0]!)).toEqual([]);
  });

  it.each(procedures)("%s refuses an extra key, naming it", async (_path, procedure) => {
    const result = await procedure._def.inputs[0]!.safeParseAsync({ hostIdx: "x", zzUnknown: 1 });
    expect(result.success).toBe(false);
    const named = result.error!.issues.some((i) => i.code === "unrecognized_keys" && i.keys.includes("zzUnknown"));
    const union = result.error!.issues.some((i) => i.code === "invalid_union"); // a discriminated union refuses before it looks at keys
    expect(named || union, JSON.stringify(result.error!.issues)).toBe(true);
  });

  it.each(["events.list", "audit.list"])("%s takes what tRPC's infinite queries send: cursor and direction", (path) => {
    const parser = (appRouter._def.procedures as unknown as Record<string, Procedure>)[path]!._def.inputs[0]!;
    expect(parser.safeParse({ cursor: null, direction: "forward", limit: 100 }).success).toBe(true);
  });

  it("a loose object cannot be declared: building the parser throws, naming where", () => {
    expect(() => strictInput(z.object({ a: z.string() }))).toThrow(/input accepts unknown keys/);
    expect(() => strictInput({ spec: z.object({ name: z.string() }) })).toThrow(/input\.spec accepts unknown keys/);
    expect(() => strictInput({ list: z.array(z.object({ name: z.string() })) })).toThrow(/input\.list\[\] accepts unknown keys/);
  });

  it("refuses a lone surrogate or a NUL anywhere, naming the field", () => {
    const parser = strictInput({ name: z.string(), labels: z.record(z.string(), z.string()), tags: z.array(z.string()) });
    const result = parser.safeParse({ name: "ok", labels: { k: "\ud800" }, tags: ["fine", "\udc00x"] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["labels.k", "tags.1"]);
    expect(parser.safeParse({ name: "emoji 🐳 ok", labels: {}, tags: [] }).success).toBe(true);
    expect(parser.safeParse({ name: "nul\0byte", labels: {}, tags: [] }).error!.issues.map((i) => i.path.join("."))).toEqual(["name"]);
  });
});
