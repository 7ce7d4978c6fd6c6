/**
 * Half of a UTF-16 surrogate pair standing alone ("\ud800"), which JSON may escape but no UTF-8 text
 * can hold: encodeURIComponent throws on it, and a URL or a form cannot carry it.
 */

/** with the u flag a pair is one code point, so this matches only a surrogate standing alone */
const LONE_SURROGATE = /\p{Surrogate}/u;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The text with each lone surrogate as U+FFFD, as a URL or a form would write it. */
export function withoutLoneSurrogates(text: string): string {
  return text.replace(/\p{Surrogate}/gu, "\uFFFD");
}
