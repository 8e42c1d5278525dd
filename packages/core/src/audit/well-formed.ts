/**
 * The string with every lone surrogate (half of a UTF-16 pair, e.g. "\ud800") replaced by U+FFFD,
 * as String.prototype.toWellFormed does. Such a string cannot be encoded as UTF-8: the database
 * refused the whole audit record. With the `u` flag a proper pair is one code point and is kept.
 */
export function wellFormed(text: string): string {
  return /\p{Surrogate}/u.test(text) ? text.replace(/\p{Surrogate}/gu, "\ufffd") : text;
}

/** wellFormed for optional fields, cutting to `max` characters first (a cut may split a pair). */
export function wellFormedOrNull(text: string | null | undefined, max?: number): string | null {
  if (text === null || text === undefined) return null;
  return wellFormed(max === undefined ? text : text.slice(0, max));
}
