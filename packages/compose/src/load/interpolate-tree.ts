import type { Path } from "./diagnostics";
import { castInterpolated } from "./cast";
import { interpolateString, type InterpolationIssue, type Lookup } from "./interpolate";

/** Substitutes variables in every string value of a parsed file (keys are left as written, like compose). */
export function interpolateTree(value: unknown, lookup: Lookup, report: (path: Path, issue: InterpolationIssue) => void, path: Path = []): unknown {
  if (typeof value === "string") {
    if (!value.includes("$")) return value;
    const issues: InterpolationIssue[] = [];
    const result = interpolateString(value, lookup, issues);
    for (const issue of issues) report(path, issue);
    return castInterpolated(path, result);
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateTree(item, lookup, report, [...path, i]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateTree(item, lookup, report, [...path, key])]));
  }
  return value;
}

/** What an interpolation problem says to the user. */
export function issueMessage(issue: InterpolationIssue, where: string): { severity: "error" | "warning"; message: string } {
  switch (issue.kind) {
    case "unset":
      return { severity: "warning", message: `the variable ${issue.variable} is not set: using an empty string` };
    case "required":
      return {
        severity: "error",
        message: `required variable ${issue.variable} is ${issue.empty ? "empty" : "not set"}${issue.message ? `: ${issue.message}` : ""}`,
      };
    case "invalid":
      return { severity: "error", message: `invalid interpolation format in ${where}: "${issue.text}" (write $$ for a literal dollar sign)` };
  }
}
