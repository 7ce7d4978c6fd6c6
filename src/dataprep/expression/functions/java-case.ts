/**
 * upper and lower as Java's String.toUpperCase and toLowerCase map a string: with Unicode's full
 * case mappings, where DuckDB's upper and lower map one character to one. Java writes ß as SS
 * (DuckDB as ẞ), ﬁ as FI, ŉ as ʼN; İ lowers to i and a combining dot above, and a capital sigma
 * ending a word to ς. JavaScript's own case mapping follows the same Unicode tables: the
 * characters whose upper case is more than one are read from it, here, once.
 */
import { quoteLiteral } from "../../../delta/index.js";

/** Every character whose upper case is more than one character, with that upper case (all of them in the Basic Multilingual Plane). */
const FULL_UPPER: ReadonlyArray<[string, string]> = (() => {
  const pairs: Array<[string, string]> = [];
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const character = String.fromCodePoint(code);
    const upper = character.toUpperCase();
    if ([...upper].length > 1) pairs.push([character, upper]);
  }
  return pairs;
})();

const replaced = (text: string, pairs: ReadonlyArray<[string, string]>) => pairs.reduce((sql, [from, to]) => `replace(${sql}, ${quoteLiteral(from)}, ${quoteLiteral(to)})`, text);

/** SQL: whether the text is ASCII alone (as many bytes as characters), whose case DuckDB maps as Java does: the cheap way past the full mappings */
const ascii = (text: string) => `strlen(${text}) = length(${text})`;

/** SQL: the text in upper case as Java writes it. */
export function javaUpper(text: string): string {
  const special = `[${FULL_UPPER.map(([from]) => from).join("")}]`;
  return `upper(CASE WHEN ${ascii(text)} OR NOT regexp_matches(${text}, ${quoteLiteral(special)}) THEN ${text} ELSE ${replaced(text, FULL_UPPER)} END)`;
}

/** SQL: the text in lower case as Java writes it. */
export function javaLower(text: string): string {
  // a capital sigma after a letter and before none ends a word: its small form is the final one
  const finalSigma = `regexp_replace(${text}, '(\\p{L})Σ($|\\P{L})', '\\1ς\\2', 'g')`;
  const special = `(contains(${text}, 'İ') OR contains(${text}, 'Σ'))`;
  return `lower(CASE WHEN ${ascii(text)} OR NOT ${special} THEN ${text} ELSE ${replaced(finalSigma, [["İ", "i\u0307"]])} END)`;
}
