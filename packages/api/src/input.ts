import { z } from "zod";

/**
 * Procedure inputs are strict by construction: a procedure declares a shape (or a schema) and
 * gets a parser that refuses unknown keys ("unknown key "hostId"") and strings that are not
 * well-formed UTF-16 (a lone surrogate would otherwise reach the database and fail there).
 * Declaring a loose object throws when the router is built, so a loose input cannot ship.
 */
export type InputSpec = z.ZodType | z.ZodRawShape;
type NoInput = z.ZodOptional<z.ZodNullable<z.ZodObject<Record<never, never>, z.core.$strict>>>;
export type ParserOf<I extends InputSpec | undefined> = I extends z.ZodType ? I : I extends z.ZodRawShape ? z.ZodObject<I, z.core.$strict> : NoInput;

/**
 * tRPC's infinite queries send the page direction next to `cursor` ("forward" / "backward"): an
 * infinite query's input declares it (strict inputs would refuse it), and it is dropped.
 */
export const InfiniteDirection = z
  .enum(["forward", "backward"])
  .optional()
  .transform(() => undefined);

// ES2024 String methods (Node 20 has them; the TypeScript lib here is ES2023).
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
export const isWellFormed = (text: string): boolean => (text as Es2024String).isWellFormed();
/** Lone surrogates replaced by U+FFFD: safe to store (an audit record of a refused input). */
export const toWellFormed = (text: string): string => (text as Es2024String).toWellFormed();

const isStorable = (text: string) => isWellFormed(text) && !text.includes("\0");

const isSchema = (spec: InputSpec): spec is z.ZodType => spec instanceof z.ZodType;

/**
 * Paths of strings (values or record keys) no store can take: not well-formed UTF-16 (a lone
 * "\ud800"), or holding a NUL character (PostgreSQL text refuses it; Docker's C strings end at it).
 */
export function malformedStrings(value: unknown, path: PropertyKey[] = [], found: PropertyKey[][] = [], depth = 0): PropertyKey[][] {
  if (found.length >= 10 || depth > 64) return found;
  if (typeof value === "string") {
    if (!isStorable(value)) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => malformedStrings(item, [...path, i], found, depth + 1));
  } else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorable(key)) found.push([...path, toWellFormed(key).replaceAll("\0", "\\0")]);
      malformedStrings(item, [...path, key], found, depth + 1);
    }
  }
  return found;
}

/**
 * Where a schema accepts unknown keys: every object in it (nested ones too, through unions,
 * arrays, records, tuples, wrappers and pipes) must be strict. A lazy schema is not followed.
 */
export function looseObjectsOf(schema: z.core.$ZodType, where = "input", seen = new Set<z.core.$ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string, at = where) => looseObjectsOf(def[key] as z.core.$ZodType, at, seen);
  switch (def.type) {
    case "object": {
      const catchall = def.catchall as z.core.$ZodType | undefined;
      const own = catchall?._zod.def.type === "never" ? [] : [where];
      return [...own, ...Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([key, value]) => looseObjectsOf(value, `${where}.${key}`, seen))];
    }
    case "union":
      return (def.options as z.core.$ZodType[]).flatMap((o, i) => looseObjectsOf(o, `${where} (option ${i + 1})`, seen));
    case "tuple":
      return (def.items as z.core.$ZodType[]).flatMap((o, i) => looseObjectsOf(o, `${where}.${i}`, seen));
    case "array":
      return inner("element", `${where}[]`);
    case "record":
      return inner("valueType", `${where}.*`);
    case "pipe":
      return inner("in");
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      return inner("innerType");
    case "intersection":
      return [`${where} (an intersection: each side would refuse the other's keys)`];
    default:
      return [];
  }
}

/** The parser of a procedure's input: strict objects, well-formed strings; no input = nothing, null or `{}` (plain-JSON clients send null). */
export function strictInput<I extends InputSpec | undefined>(spec: I): ParserOf<I> {
  const schema: z.ZodType = spec === undefined ? z.strictObject({}).nullish() : isSchema(spec) ? spec : z.strictObject(spec);
  const loose = looseObjectsOf(schema);
  if (loose.length) throw new Error(`procedure input must be a strict object (z.strictObject / .strict()): ${loose.join(", ")} accepts unknown keys`);
  return schema.superRefine((value, ctx) => {
    for (const path of malformedStrings(value)) ctx.addIssue({ code: "custom", path, message: "not a well-formed string (a lone UTF-16 surrogate or a NUL character)" });
  }) as ParserOf<I>;
}
