import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import composeSpec from "./schema/compose-spec.json";
import { pathText, type Diagnostics, type Path } from "./diagnostics";
import { locate, type ParsedFile } from "./source-map";

/**
 * Validation against the official compose-spec JSON schema (vendored in ./schema). Formats
 * ("duration", "ports"...) are checked later where each value is read, with its own message. The
 * schema names its meta-schema by an address ajv does not know, so the schema itself is not re-validated.
 */
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false }).compile(composeSpec);
  return compiled;
}

/** Validates one file's (interpolated) content; each problem gets the path, the rule and its line. */
export function validateSchema(file: ParsedFile, value: unknown, diagnostics: Diagnostics): void {
  const validate = validator();
  if (validate(value)) return;
  for (const problem of mostSpecific(validate.errors ?? [])) {
    const path = toPath(problem.instancePath);
    const extra = problem.keyword === "additionalProperties" ? String((problem.params as { additionalProperty: string }).additionalProperty) : undefined;
    const at = extra === undefined ? locate(file, path) : locate(file, [...path, extra], true);
    diagnostics.add({
      severity: "error",
      file: file.path,
      line: at.line,
      column: at.column,
      path: pathText(extra === undefined ? path : [...path, extra]) || "(top level)",
      message: describe(problem, path, extra),
    });
  }
}

function describe(problem: ErrorObject, path: Path, extra: string | undefined): string {
  const where = pathText(path) || "the top level";
  switch (problem.keyword) {
    case "additionalProperties":
      return `${where}: "${extra}" is not allowed here (rule: additionalProperties)`;
    case "type":
      return `${where} must be ${problem.message?.replace(/^must be /, "")} (rule: type)`;
    case "enum":
      return `${where} must be one of ${(problem.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")} (rule: enum)`;
    case "oneOf":
    case "anyOf":
      return `${where} does not match any of the allowed forms (rule: ${problem.keyword})`;
    default:
      return `${where} ${problem.message ?? "is invalid"} (rule: ${problem.keyword})`;
  }
}

/**
 * ajv with allErrors reports every branch of a oneOf. Keep what helps: errors at the deepest places
 * (a wrong key inside `build:` says more than "build must be a string"), type errors at one place
 * merged into one ("must be string or number"), a bare oneOf only when nothing else explains it.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const deeper = (a: string, b: string) => b.startsWith(a + "/");
  const kept = errors.filter((error) => !errors.some((other) => deeper(error.instancePath, other.instancePath)));
  const explained = new Set(kept.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf").map((e) => e.instancePath));
  const out: ErrorObject[] = [];
  const types = new Map<string, ErrorObject>();
  for (const error of kept) {
    if ((error.keyword === "oneOf" || error.keyword === "anyOf") && explained.has(error.instancePath)) continue;
    if (error.keyword === "type") {
      const first = types.get(error.instancePath);
      const type = String((error.params as { type: string }).type);
      if (first) {
        first.message = `${first.message!.replace(" or ", ", ")} or ${type}`;
        continue;
      }
      const copy = { ...error, message: `must be ${type}` };
      types.set(error.instancePath, copy);
      out.push(copy);
      continue;
    }
    if (out.some((o) => o.instancePath === error.instancePath && o.keyword === error.keyword && o.message === error.message)) continue;
    out.push(error);
  }
  return out;
}

function toPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
