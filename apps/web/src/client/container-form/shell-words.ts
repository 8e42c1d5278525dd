import { parse, quote } from "shell-quote";

/**
 * A command line as the user types it → the argv array the engine runs (exec form, no shell):
 * quotes group words, backslashes escape, `$VAR` stays literal (the engine does not expand it
 * either). Shell operators (| && > …) would silently mean something else here, so they are refused.
 */
export function splitWords(text: string): string[] | undefined {
  if (text.trim() === "") return undefined;
  const words = parse(text, (name) => `$${name}`);
  const operator = words.find((w) => typeof w !== "string");
  if (operator !== undefined) {
    const op = typeof operator === "object" && "op" in operator ? operator.op : "#";
    throw new Error(`"${op}" is shell syntax, but the command is not run by a shell: wrap it as sh -c '…'`);
  }
  return words as string[];
}

/** The inverse, for pre-filling the form from an existing container. */
export function joinWords(words: readonly string[] | null | undefined): string {
  return words?.length ? quote([...words]) : "";
}
