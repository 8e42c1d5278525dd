import type { Diagnostic } from "../model";

/** A place in a YAML document: keys and sequence indexes from the root. */
export type Path = (string | number)[];

/** "services.web.ports[0]": how compose itself names a place in the file. */
export function pathText(path: Path): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

/** Errors and warnings found along the way; every stage adds to the same collector. */
export class Diagnostics {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    (diagnostic.severity === "error" ? this.errors : this.warnings).push(diagnostic);
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }
}
