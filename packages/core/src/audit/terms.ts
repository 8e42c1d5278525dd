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

/** The fields of a record that are searched. */
export function recordTerms(r: { action: string; actorName: string | null; targetType: string | null; targetId: string | null; targetName: string | null; params: string; error: string | null }): string[] {
  return termsOf(r.action, r.actorName, r.targetType, r.targetId, r.targetName, r.error, r.params);
}
