import { isEnvKey, isSecretKey, PEM_PRIVATE_KEY, REDACTED, redactAssignment, redactEnv } from "./redact";

/**
 * How a value is treated, mirroring redactParams: "walk" (ordinary, PEM keys redacted), "secret"
 * (under a secret key: all of it goes), "env" (an env value), "envItem" (one item of an env array).
 */
type Mode = "walk" | "secret" | "env" | "envItem";
type Replacement = { start: number; end: number; text: string };

const QUOTED_REDACTED = JSON.stringify(REDACTED);
/** A value the current rule already wrote, possibly cut: kept, so current records show as stored. */
const isRedacted = (value: string, closed: boolean) => (closed ? value === REDACTED : REDACTED.startsWith(value));

/** "K=V" cut anywhere: the name stays, a value that is not (a cut) "[redacted]" goes. */
function cutAssignment(item: string, closed: boolean): string {
  if (closed) return redactAssignment(item);
  const eq = item.indexOf("=");
  return eq < 0 || isRedacted(item.slice(eq + 1), false) ? item : redactAssignment(item);
}

/** "K=V\nL=W" env text, its last line possibly cut. */
function cutEnvText(text: string, closed: boolean): string {
  if (closed) return String(redactEnv(text));
  const lines = text.split("\n");
  const last = lines.pop()!;
  return [...(lines.length > 0 ? [String(redactEnv(lines.join("\n")))] : []), cutAssignment(last, false)].join("\n");
}

/**
 * JSON text cut at some point (old audit records over 8,000 characters were stored so) with the
 * redaction rule applied textually: the text is read from its start as JSON, tolerating an end
 * anywhere, and each value the rule would redact is replaced in place, a value cut off at the end
 * included. Everything else is kept byte for byte, so text the current rule wrote is unchanged.
 * Text that is not such JSON is redacted whole: it cannot be checked.
 */
export function redactCutJson(text: string): string {
  try {
    const replacements = findRedactions(text);
    let out = "";
    let at = 0;
    for (const r of replacements) {
      out += text.slice(at, r.start) + r.text;
      at = r.end;
    }
    out += text.slice(at);
    return PEM_PRIVATE_KEY.test(out) ? REDACTED : out;
  } catch {
    return REDACTED;
  }
}

function findRedactions(text: string): Replacement[] {
  const out: Replacement[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  /** A string at i (a quote): its decoded value, and whether it closed before the end. */
  const string = () => {
    const start = i++;
    let complete = i;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return { start, end: i, value: JSON.parse(text.slice(start, i)) as string, closed: true };
      }
      i += c !== "\\" ? 1 : text[i + 1] === "u" ? 6 : 2;
      if (i <= text.length) complete = i;
    }
    i = text.length;
    return { start, end: i, value: JSON.parse(`${text.slice(start, complete)}"`) as string, closed: false };
  };
  const redact = (start: number, replacement = QUOTED_REDACTED) => out.push({ start, end: i, text: replacement });
  const skip = (mode: Mode) => {
    // A whole value under a secret key: walk it (to find its end) with nothing recorded inside.
    const before = out.length;
    value(mode);
    out.length = before;
  };
  const container = (mode: Mode) => {
    const open = text[i++];
    const close = open === "{" ? "}" : "]";
    for (;;) {
      ws();
      if (i >= text.length) return;
      const c = text[i]!;
      if (c === close) return void i++;
      if (c === ",") {
        i++;
        continue;
      }
      if (open === "[") {
        const at = i;
        value(mode === "env" ? "envItem" : mode);
        if (i === at) throw new Error("not JSON");
        continue;
      }
      if (c !== '"') throw new Error("not JSON");
      const key = string();
      ws();
      if (text[i] === ":") i++;
      const member: Mode =
        mode === "walk" ? (isSecretKey(key.value) ? "secret" : isEnvKey(key.value) ? "env" : "walk") : mode === "envItem" && (key.value === "name" || key.value === "key") ? "walk" : "secret";
      value(member);
    }
  };
  function value(mode: Mode): void {
    ws();
    if (i >= text.length) return;
    const start = i;
    const c = text[i]!;
    if (c === '"') {
      const s = string();
      const shown =
        mode === "secret" ? (isRedacted(s.value, s.closed) ? s.value : REDACTED)
        : mode === "env" ? cutEnvText(s.value, s.closed)
        : mode === "envItem" ? cutAssignment(s.value, s.closed)
        : PEM_PRIVATE_KEY.test(s.value) ? REDACTED : s.value;
      if (shown !== s.value) redact(start, JSON.stringify(shown));
      return;
    }
    if (c === "{" || c === "[") {
      if (mode === "secret" || (mode === "envItem" && c === "[")) {
        skip("walk");
        redact(start);
      } else container(mode);
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    const literal = text.slice(start, i);
    if (mode === "secret" || mode === "envItem" || (mode === "env" && literal !== "null")) redact(start);
  }
  value("walk");
  ws();
  if (i < text.length) throw new Error("not JSON");
  return out;
}
