import { shownParams } from "./shown-params";

/**
 * The version of the rules that make a record's words (these and redact.ts's): raise it when
 * either changes, and every control plane rebuilds the index of the existing records once at
 * start (terms-rebuild.ts). 2: words from the redacted view of the params (issue 13). 3: the cut
 * text of params stored truncated is redacted too (redact-cut-json.ts).
 */
export const SEARCH_TERMS_VERSION = 3;

/**
 * The words of an audit record, for its search index: lower-case runs of letters and digits, so
 * "containers.stop" gives "containers" and "stop", and an id is one word. Searching is by whole
 * words, all of which must appear (like a search engine, unlike a substring scan).
 */
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_WORD = 64;
const MAX_WORDS_PER_RECORD = 200;

export function termsOf(...texts: Array<string | null | undefined>): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.toLowerCase().matchAll(WORD)) {
      terms.add(match[0].slice(0, MAX_WORD));
      if (terms.size >= MAX_WORDS_PER_RECORD) return [...terms];
    }
  }
  return [...terms];
}

export interface SearchedFields {
  action: string;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  params: string;
  error: string | null;
}

/**
 * The fields of a record that are searched, its params as shown (redacted again): a record
 * written before the redaction rule never gives its secrets to the index.
 */
export function recordTerms(r: SearchedFields): string[] {
  return termsOf(r.action, r.actorName, r.targetType, r.targetId, r.targetName, r.error, shownParams(r.params));
}
