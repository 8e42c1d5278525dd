import { describe, expect, it } from "vitest";
import { joinWords, splitWords } from "./shell-words";

describe("splitWords", () => {
  it.each([
    ["", undefined],
    ["nginx -g 'daemon off;'", ["nginx", "-g", "daemon off;"]],
    ['sh -c "echo $HOME && sleep 1"', ["sh", "-c", "echo $HOME && sleep 1"]],
    ["echo $HOME", ["echo", "$HOME"]],
    ["a\\ b c", ["a b", "c"]],
    ["  spaced   out  ", ["spaced", "out"]],
  ])("%j → %j", (text, words) => expect(splitWords(text)).toEqual(words));

  it.each([["echo a | wc", "|"], ["a && b", "&&"], ["a > out", ">"]])("refuses shell syntax in %j", (text, op) => {
    expect(() => splitWords(text)).toThrow(`"${op}" is shell syntax, but the command is not run by a shell`);
  });
});

describe("joinWords", () => {
  it("round-trips through splitWords", () => {
    for (const words of [["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], ["echo", "a b", "$HOME"], ["httpd", "-f", "-p", "80"]]) {
      expect(splitWords(joinWords(words))).toEqual(words);
    }
    expect(joinWords(null)).toBe("");
  });
});
