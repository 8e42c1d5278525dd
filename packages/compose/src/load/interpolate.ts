/**
 * Compose's variable substitution: ${VAR}, $VAR, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
 * ${VAR?error}, ${VAR:+alternative}, ${VAR+alternative} and $$ for a literal dollar. Defaults and
 * alternatives may themselves hold variables (${A:-${B}}), as in docker compose v2.
 */
export type Lookup = (name: string) => string | undefined;

export type InterpolationIssue =
  | { kind: "unset"; variable: string }
  | { kind: "required"; variable: string; message: string; empty: boolean }
  | { kind: "invalid"; text: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [":-", ":?", ":+", "-", "?", "+"] as const;

export function interpolateString(text: string, lookup: Lookup, issues: InterpolationIssue[]): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === "$") {
      out += "$";
      i = dollar + 2;
    } else if (next === "{") {
      const end = closingBrace(text, dollar + 2);
      if (end < 0) {
        issues.push({ kind: "invalid", text });
        return text;
      }
      const value = braced(text.slice(dollar + 2, end), lookup, issues);
      if (value === undefined) {
        issues.push({ kind: "invalid", text });
        return text;
      }
      out += value;
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (name) {
        out += plain(name, lookup, issues);
        i = dollar + 1 + name.length;
      } else {
        // A lone "$" (followed by a digit, a space, the end...) is kept as written, like compose does.
        out += "$";
        i = dollar + 1;
      }
    }
  }
  return out;
}

/** The index of the "}" closing a "${" whose body starts at `from`, counting nested "${...}". */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function plain(name: string, lookup: Lookup, issues: InterpolationIssue[]): string {
  const value = lookup(name);
  if (value === undefined) issues.push({ kind: "unset", variable: name });
  return value ?? "";
}

/** The body of "${...}": a name, maybe followed by an operator and a word. Undefined when malformed. */
function braced(body: string, lookup: Lookup, issues: InterpolationIssue[]): string | undefined {
  const name = NAME.exec(body)?.[0];
  if (!name) return undefined;
  const rest = body.slice(name.length);
  if (rest === "") return plain(name, lookup, issues);
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (!operator) return undefined;
  const word = () => interpolateString(rest.slice(operator.length), lookup, issues);
  const value = lookup(name);
  const emptyCounts = operator.startsWith(":");
  const missing = value === undefined || (emptyCounts && value === "");
  switch (operator) {
    case ":-":
    case "-":
      return missing ? word() : value;
    case ":+":
    case "+":
      return missing ? "" : word();
    case ":?":
    case "?":
      if (missing) {
        issues.push({ kind: "required", variable: name, message: word(), empty: value === "" });
        return "";
      }
      return value;
  }
}
