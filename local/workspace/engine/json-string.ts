/**
 * A string as Jackson, Spark's JSON generator, writes it: `"` and `\` escaped, \b \t \n \f \r by their letters, the other characters
 * below U+0020 as \u00XX in upper-case hex (JSON.stringify writes lower case: \u001f for Jackson's \u001F), everything else as it is.
 */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };

export function jacksonQuoted(text: string): string {
  return `"${text.replace(/["\\\u0000-\u001f]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)}"`;
}
