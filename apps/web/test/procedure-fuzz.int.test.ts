import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { removeDir, signedInUser, startTestPlane } from "./support";
import { callOverHttp, INTERNAL_TEXT, PROCEDURES, replaceAt, stringPaths, type HttpOutcome } from "./procedure-http";
import { SAMPLE_INPUTS } from "./procedure-samples";

/**
 * A fuzz suite over every procedure of the router, over real HTTP as a global admin (so inputs
 * reach as far as they can): wrong types, 1 MB strings, unicode with lone surrogates and NULs,
 * deep nesting, extra keys, arrays where objects go. Whatever the input: never a 5xx, never
 * internal text (a database's, a driver's, a stack) in the answer. Each procedure gets the fixed
 * hard cases, then a few inputs drawn by fast-check from its valid sample (seeded: a failure
 * names its seed and replays).
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let cookie: string;

const MB = 1024 * 1024;
const RUNS_PER_PROCEDURE = 15;

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  cookie = (await signedInUser(plane.db, "fuzz-admin", [{ role: "admin" }])).cookie;
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Every node of a value with its path (the root is []): where a mutation may strike. */
function nodePaths(value: unknown, path: string[] = []): string[][] {
  const here = [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodePaths(v, [...path, String(i)]))];
  if (value && typeof value === "object" && !(value instanceof Date)) return [...here, ...Object.entries(value).flatMap(([k, v]) => nodePaths(v, [...path, k]))];
  return here;
}

const hostile = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: "binary", maxLength: 40 }), // any code point, astral planes included
  fc.string({ unit: fc.constantFrom("\ud800", "\udfff", "\u0000", "\u202e", "🐳", "é", "\ufeff", "'", '"', "\\", "%", "_", "*"), maxLength: 12 }),
  fc.constantFrom("x".repeat(MB), "../".repeat(100), "-".repeat(300), "__proto__", "constructor", "1e309", "NaN", "0x10", " "),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant(nested(2_000)),
);

/** A mutated sample: one node replaced by a hostile value, or a key added where an object is. */
function mutations(sample: unknown) {
  const nodes = nodePaths(sample);
  const objects = nodes.filter((p) => {
    const node = p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], sample);
    return node && typeof node === "object" && !Array.isArray(node);
  });
  const replace = fc.tuple(fc.constantFrom(...nodes), hostile).map(([path, value]) => replaceAt(sample, path, value));
  if (objects.length === 0) return replace;
  const addKey = fc.tuple(fc.constantFrom(...objects), fc.oneof(fc.constantFrom("hostId", "userId", "roleId", "scopeType", "__proto__", "constructor"), fc.string({ maxLength: 10 })), hostile).map(([path, key, value]) => {
    const node = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], sample) as Record<string, unknown>;
    return replaceAt(sample, path, { ...node, [key]: value });
  });
  return fc.oneof(replace, addKey);
}

/** The fixed hard cases every procedure gets. */
function hardCases(sample: unknown): Array<[string, unknown]> {
  const firstString = stringPaths(sample)[0];
  return [
    ["a number where the input goes", 42],
    ["an array where an object goes", [sample ?? {}]],
    ["a string at the root", "\ud800"],
    ["2,000 levels of nesting at the root", nested(2_000)],
    ["an extra key", { ...(sample && typeof sample === "object" ? sample : {}), hostId: hostA, "\ud800": 1 }],
    ...(firstString
      ? ([
          [`a 1 MB string in ${firstString.join(".")}`, replaceAt(sample, firstString, "é".repeat(MB / 2))],
          [`deep nesting in ${firstString.join(".")}`, replaceAt(sample, firstString, nested(2_000))],
          [`a NUL in ${firstString.join(".")}`, replaceAt(sample, firstString, "a\u0000b")],
          [`a lone surrogate in ${firstString.join(".")}`, replaceAt(sample, firstString, "\udc00")],
        ] as Array<[string, unknown]>)
      : []),
  ];
}

function problem(got: HttpOutcome): string | null {
  if (got.status >= 500) return `HTTP ${got.status}: ${got.message.slice(0, 300)}`;
  if (INTERNAL_TEXT.test(got.body)) return `internal text in the answer: ${got.body.slice(0, 300)}`;
  return null;
}

describe("fuzzing every procedure over HTTP: zero 5xx, no internal text", () => {
  it("has a sample for every procedure", () => expect(PROCEDURES.filter((p) => !SAMPLE_INPUTS[p.path]).map((p) => p.path)).toEqual([]));

  for (const { path, type } of PROCEDURES) {
    it(path, async () => {
      // Signing out would end the fuzzing admin's session: auth.logout is fuzzed with a session of its own.
      const headers = { cookie: path === "auth.logout" ? (await signedInUser(plane.db, `logout-${Math.random().toString(36).slice(2, 8)}`, [])).cookie : cookie };
      const sample = SAMPLE_INPUTS[path]!(hostA);
      const wrong: string[] = [];
      for (const [label, input] of hardCases(sample)) {
        const issue = problem(await callOverHttp(plane.port, path, type, input, headers));
        if (issue) wrong.push(`${label}: ${issue}`);
      }
      expect(wrong, wrong.join("\n")).toEqual([]);
      await fc.assert(
        fc.asyncProperty(mutations(sample), async (input) => {
          const issue = problem(await callOverHttp(plane.port, path, type, input, headers));
          if (issue) throw new Error(issue);
        }),
        { numRuns: RUNS_PER_PROCEDURE },
      );
    });
  }
});
