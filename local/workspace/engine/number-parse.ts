/**
 * to_number(s, format) and try_to_number(s, format) as Spark reads the text (its ToNumberParser), in JavaScript
 * (engine/text-functions.ts), by the elements of the format to_char writes with (engine/number-format.ts), in any case. The
 * format is read element by element against the text:
 * - a run of digits and grouping separators is the text's digits and commas there, whitespace among them ignored, counted per
 *   group from the last: a group starting with 0 before the point takes exactly its digits, any other at most its digits (so a
 *   leading group may be left out);
 * - the point takes a `.` if there is one; `$` must be the text's next character, if the text has one left;
 * - `S` takes a `+` or `-`, `MI` a `-`, `PR` a `<` before and a `>` after the number (a negative number), each optional.
 * Text left over, an unmatched bracket, or no digit at all fails: to_number with INVALID_FORMAT.MISMATCH_INPUT, try_to_number as NULL.
 * The value is a DECIMAL(digits of the format, digits after its point), written here as its text, which the SQL casts.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";
import { placesOf, readFormat, type Element } from "./number-format.js";
import { readEachOnce } from "./read-each-once.js";

/** the format's elements with each run of digits and separators one group: its digit runs, last first, as Spark compares them */
type Token = Exclude<Element, { kind: "digits" | "separator" }> | { kind: "group"; runs: { count: number; exact: boolean }[] };

function tokensOf(elements: Element[]): Token[] {
  const tokens: Token[] = [];
  for (const e of elements) {
    if (e.kind !== "digits" && e.kind !== "separator") {
      tokens.push(e);
      continue;
    }
    let group = tokens.at(-1);
    if (group?.kind !== "group") tokens.push((group = { kind: "group", runs: [] }));
    if (e.kind === "digits") group.runs.unshift({ count: e.count, exact: e.zeroPadded });
  }
  return tokens;
}

/** the DECIMAL's precision and scale a format gives to_number's value (its digits, and those after its point) */
export function toNumberType(format: string): { precision: number; scale: number } {
  const { whole, fraction } = placesOf(readFormat(format).elements);
  return { precision: whole + fraction, scale: fraction };
}

/** Java's Character.isWhitespace: the separators but the no-break spaces, and the controls \t to \r and \u001C to \u001F */
const JAVA_WHITESPACE = /^[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]$/;

/** each format's tokens and scale, read once */
const parserOf = readEachOnce((format) => ({ tokens: tokensOf(readFormat(format).elements), scale: toNumberType(format).scale }));

/** the text's value in `format` as a decimal's text, or undefined where the text does not match the format */
export function parseNumber(text: string, format: string): string | undefined {
  const { tokens, scale } = parserOf(format);
  let [at, afterPoint, negative, opened, closed] = [0, false, false, false, false];
  let [whole, fraction] = ["", ""];
  for (const token of tokens) {
    const next = text[at];
    if (token.kind === "group") {
      const sizes = [0];
      for (; at < text.length; at++) {
        const c = text[at]!;
        if (JAVA_WHITESPACE.test(c)) continue;
        if (c === ",") sizes.unshift(0);
        else if (c >= "0" && c <= "9") {
          sizes[0]!++;
          if (afterPoint) fraction += c;
          else whole += c;
        } else break;
      }
      if (sizes.length > token.runs.length) return undefined;
      const fits = token.runs.every((run, k) => (run.exact ? (sizes[k] ?? 0) === run.count : (sizes[k] ?? 0) <= run.count));
      if (!fits) return undefined;
    } else if (next === undefined) {
      continue;
    } else if (token.kind === "point") {
      if (next === ".") [at, afterPoint] = [at + 1, true];
    } else if (token.kind === "dollar") {
      if (next !== "$") return undefined;
      at++;
    } else if ((token.kind === "sign" && (next === "+" || next === "-")) || (token.kind === "minus" && next === "-")) {
      negative = next === "-" ? !negative : negative;
      at++;
    } else if (token.kind === "open" && next === "<") {
      if (opened) return undefined;
      [at, opened] = [at + 1, true];
    } else if (token.kind === "close" && next === ">") {
      if (!opened) return undefined;
      [at, closed, negative] = [at + 1, true, !negative];
    }
  }
  if (at < text.length || opened !== closed || whole + fraction === "") return undefined;
  const digits = fraction.padEnd(scale, "0");
  return `${negative ? "-" : ""}${whole || "0"}${digits === "" ? "" : `.${digits}`}`;
}

/** Spark's INVALID_FORMAT.MISMATCH_INPUT, after `!` as the SQL raises it (spark_to_char_result) */
const mismatch = (text: string, format: string) =>
  `!INVALID_FORMAT.MISMATCH_INPUT|The format is invalid: ${format.toUpperCase()}. The input "STRING" ${text} does not match the format. SQLSTATE: 42601`;

export function registerNumberParse(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_to_number_text", 2, (text, format) => parseNumber(text, format) ?? mismatch(text, format));
  registerTextFunction(conn, "spark_try_to_number_text", 2, (text, format) => parseNumber(text, format) ?? null);
}
