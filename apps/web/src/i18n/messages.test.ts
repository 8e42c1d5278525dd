import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { LOCALES } from "./locales";
import { messagesOf } from "./messages";

type Tree = { [key: string]: string | Tree };

/** "a.b.c" → message, for every leaf of a catalogue. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The arguments and rich-text tags a message uses: a translation must use the same ones. */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(`{${e.value}}`);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(`{${e.value}}`);
      for (const option of Object.values(e.options)) placeholders(option.value, into);
    }
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      placeholders(e.children, into);
    }
  }
  return into;
}

const english = flatten(messagesOf("en"));

describe("message catalogues", () => {
  it.each(LOCALES.filter((l) => l !== "en"))("%s has exactly the English keys", (locale) => {
    const other = flatten(messagesOf(locale));
    expect([...english.keys()].filter((k) => !other.has(k)), "missing in " + locale).toEqual([]);
    expect([...other.keys()].filter((k) => !english.has(k)), "not in English").toEqual([]);
  });

  it.each(LOCALES)("%s: every message is valid ICU, not empty, with the English placeholders", (locale) => {
    for (const [key, message] of flatten(messagesOf(locale))) {
      expect(message.trim(), key).not.toBe("");
      const ast = parse(message);
      expect([...placeholders(ast)].sort(), `${locale} ${key}`).toEqual([...placeholders(parse(english.get(key) ?? ""))].sort());
    }
  });
});
