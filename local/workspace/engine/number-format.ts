/**
 * to_char(number, format) (to_varchar too) as Spark writes it, in JavaScript (engine/text-functions.ts). The format's elements:
 * `0` and `9` digits (a run starting with 0 before the point pads with zeros, any other with spaces), `.` or `D` the point, `,` or
 * `G` a grouping separator between digits, `$`, `S` (a sign, + or -), `MI` (a minus, or a space) and `PR` (angle brackets around a
 * negative number), in the order `[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [$] [PR|MI|S]`.
 *
 * The number is read as Spark reads it: an integer or a DECIMAL as it is, a DOUBLE rounded HALF_UP to 15 places and a FLOAT to 7
 * (their implicit DECIMAL(30,15) and DECIMAL(14,7)). Its digits are never rounded to the format: a number with more whole or
 * fraction digits than the format has is written with `#` for every digit. A format Spark refuses is INVALID_FORMAT, naming why.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";
import { atScale, plainText, readDecimal } from "./decimal-text.js";
import { readEachOnce } from "./read-each-once.js";

export type Element =
  | { kind: "digits"; count: number; zeroPadded: boolean }
  | { kind: "point" | "separator" | "dollar" | "sign" | "minus" | "open" | "close" }
  | { kind: "other"; char: string };

/** the format's elements, each run of 0s and 9s one element; PR as an opening element first and a closing one last */
function elementsOf(format: string): Element[] {
  const elements: Element[] = [];
  let afterPoint = false;
  for (let k = 0; k < format.length; ) {
    const c = format[k].toUpperCase();
    const pair = format.slice(k, k + 2).toUpperCase();
    if (c === "0" || c === "9") {
      const run = /^[09]+/.exec(format.slice(k))![0];
      elements.push({ kind: "digits", count: run.length, zeroPadded: c === "0" && !afterPoint });
      k += run.length;
      continue;
    }
    k += pair === "MI" || pair === "PR" ? 2 : 1;
    if (pair === "MI") elements.push({ kind: "minus" });
    else if (pair === "PR") elements.unshift({ kind: "open" }), elements.push({ kind: "close" });
    else if (c === "." || c === "D") elements.push({ kind: "point" }), (afterPoint = true);
    else if (c === "," || c === "G") elements.push({ kind: "separator" });
    else if (c === "$") elements.push({ kind: "dollar" });
    else if (c === "S") elements.push({ kind: "sign" });
    else elements.push({ kind: "other", char: c });
  }
  return elements;
}

const ORDER: readonly (readonly string[])[] = [["open"], ["minus", "sign"], ["dollar"], ["digits"], ["point"], ["digits"], ["dollar"], ["minus", "sign", "close"]];
const NAMES: Readonly<Record<string, string>> = { point: ". or D", separator: ", or G", dollar: "$", sign: "S", minus: "MI", open: "PR", close: "PR", digits: "digit sequence" };

/** why Spark refuses the format (INVALID_FORMAT's subclass and text), or undefined */
export function numberFormatProblem(format: string): [string, string] | undefined {
  return problemOf(format, elementsOf(format));
}

function problemOf(format: string, elements: Element[]): [string, string] | undefined {
  // a run of digits and separators is one group of digits
  const inGroup = (e: Element | undefined) => e?.kind === "digits" || e?.kind === "separator";
  const grouped = elements.filter((e, k) => !(inGroup(e) && inGroup(elements[k - 1]))).map((e) => (inGroup(e) ? { ...e, kind: "digits" } : e));
  const point = elements.findIndex((e) => e.kind === "point");
  const before = point < 0 ? elements : elements.slice(0, point);
  const firstDigit = elements.findIndex((e) => e.kind === "digits");
  const dollar = elements.findIndex((e) => e.kind === "dollar");
  if (format === "") return ["EMPTY", "The number format string cannot be empty."];
  if (firstDigit < 0) return ["WRONG_NUM_DIGIT", "The format string requires at least one number digit."];
  if (dollar >= 0 && firstDigit < dollar) return ["CUR_MUST_BEFORE_DIGIT", "Currency characters must appear before digits in the number format."];
  if (dollar >= 0 && point >= 0 && point < dollar) return ["CUR_MUST_BEFORE_DEC", "Currency characters must appear before any decimal point in the number format."];
  const separatorAlone = before.some((e, k) => e.kind === "separator" && (before[k - 1]?.kind !== "digits" || before[k + 1]?.kind !== "digits"));
  if (separatorAlone) return ["CONT_THOUSANDS_SEPS", "Thousands separators (, or G) must have digits in between them in the number format."];
  if (point >= 0 && elements.slice(point).some((e) => e.kind === "separator")) {
    return ["THOUSANDS_SEPS_MUST_BEFORE_DEC", "Thousands separators (, or G) may not appear after the decimal point in the number format."];
  }
  for (const kind of ["point", "sign", "minus", "dollar", "close"]) {
    if (elements.filter((e) => e.kind === kind).length > 1) return ["WRONG_NUM_TOKEN", `At most one ${NAMES[kind]} is allowed in the number format.`];
  }
  let at = 0;
  for (const allowed of ORDER) if (at < grouped.length && allowed.includes(grouped[at].kind)) at++;
  if (at < grouped.length) {
    const unexpected = grouped[at];
    const name = "char" in unexpected ? `character '${unexpected.char}''` : NAMES[unexpected.kind];
    return ["UNEXPECTED_TOKEN", `Found the unexpected ${name} in the format string; the structure of the format string must match: \`[MI|S]\` \`[$]\` \`[0|9|G|,]*\` \`[.|D]\` \`[0|9]*\` \`[$]\` \`[PR|MI|S]\`.`];
  }
  return undefined;
}

/** the value's exact digits as Spark's implicit DECIMAL holds them: its text, or undefined where it is no number a DECIMAL holds */
function decimalOf(text: string, duckType: string): string | undefined {
  const value = readDecimal(text);
  if (!value) return undefined;
  const places = duckType === "DOUBLE" ? 15 : duckType === "FLOAT" ? 7 : undefined;
  return places === undefined ? plainText(value) : plainText(atScale(value, places));
}

/**
 * to_char's text of a number (its DuckDB text and type) in `format`: Spark's, or `!CLASS|message` for what Spark refuses (a format
 * it does not read, a type that is no number, a DOUBLE beyond its DECIMAL)
 */
export function toChar(text: string, duckType: string, format: string): string {
  if (!/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/.test(duckType)) {
    const type = duckType === "VARCHAR" ? "STRING" : duckType;
    return `!DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE|Cannot resolve "to_char" due to data type mismatch: its first parameter requires a number, a DATE, a TIMESTAMP or a BINARY, however the value '${text}' is a ${type}. SQLSTATE: 42K09`;
  }
  const { elements, problem } = readFormat(format);
  if (problem) return `!INVALID_FORMAT.${problem[0]}|The format is invalid: '${format}'. ${problem[1]} SQLSTATE: 42601`;
  const decimal = decimalOf(text, duckType);
  const wholeDigits = decimal?.replace(/^-/, "").split(".")[0].length ?? 0;
  if (decimal === undefined || ((duckType === "DOUBLE" && wholeDigits > 15) || (duckType === "FLOAT" && wholeDigits > 7))) {
    return `!ARITHMETIC_OVERFLOW|${text} cannot be read as the DECIMAL(${duckType === "FLOAT" ? "14,7" : "30,15"}) to_char formats. SQLSTATE: 22003`;
  }
  return formatted(decimal, elements);
}

/** the format's elements and Spark's refusal of it, read once */
export const readFormat = readEachOnce((format): { elements: Element[]; problem?: [string, string] } => {
  const elements = elementsOf(format);
  return { elements, problem: problemOf(format, elements) };
});

/** the digits of a format's elements before its point, and after it */
export function placesOf(elements: Element[]): { whole: number; fraction: number } {
  const point = elements.findIndex((e) => e.kind === "point");
  const digitCount = (part: Element[]) => part.reduce((n, e) => n + (e.kind === "digits" ? e.count : 0), 0);
  return point < 0 ? { whole: digitCount(elements), fraction: 0 } : { whole: digitCount(elements.slice(0, point)), fraction: digitCount(elements.slice(point)) };
}

/** the decimal's text laid out by the format's elements */
function formatted(decimal: string, elements: Element[]): string {
  const negative = decimal.startsWith("-");
  const [whole, fraction = ""] = decimal.replace(/^-/, "").split(".");
  let [wholeDigits, fractionDigits] = [whole.replace(/^0+/, ""), fraction.replace(/0+$/, "")];
  const { whole: wholePlaces, fraction: fractionPlaces } = placesOf(elements);
  if (wholeDigits.length > wholePlaces || fractionDigits.length > fractionPlaces) [wholeDigits, fractionDigits] = ["#".repeat(wholePlaces), "#".repeat(fractionPlaces)];
  const wholeText = wholeDigits.padStart(wholePlaces, " ");
  const fractionText = fractionDigits.padEnd(fractionPlaces, "0");
  const out: string[] = [];
  let [wholeAt, fractionAt, afterPoint] = [0, 0, false];
  for (const e of elements) {
    if (e.kind === "digits") {
      for (let n = 0; n < e.count; n++) {
        if (afterPoint) out.push(fractionText[fractionAt++]);
        else {
          const c = wholeText[wholeAt++];
          if (c !== " ") out.push(c);
          else if (e.zeroPadded) out.push("0");
          else spaceBeforeSign(out);
        }
      }
    } else if (e.kind === "separator") {
      if (/\d/.test(out.at(-1) ?? "")) out.push(",");
      else spaceBeforeSign(out);
    } else if (e.kind === "point") {
      // no whole digits: a zero before the point
      if (out.at(-1) === " ") out[out.length - 1] = "0";
      out.push(".");
      afterPoint = true;
    } else if (e.kind === "dollar") out.push("$");
    else if (e.kind === "sign") signAfterSpaces(out, negative ? "-" : "+");
    else if (e.kind === "minus") {
      if (negative) signAfterSpaces(out, "-");
      else out.push(" ");
    } else if (e.kind === "open") {
      if (negative) out.push("<");
    } else if (e.kind === "close") {
      if (negative) signAfterSpaces(out, ">");
      else out.push(" ", " ");
    }
  }
  loosePointAsSpace(out);
  const text = out.join("");
  return text === "" || text === "+" || text === "-" ? "0" : text;
}

/** a space where the whole part has no digit, written before the signs right before it, which stay beside the digits */
function spaceBeforeSign(out: string[]): void {
  let k = out.length;
  out.push(" ");
  while (k > 0 && ["+", "-", "<"].includes(out[k - 1])) {
    [out[k - 1], out[k]] = [" ", out[k - 1]];
    k--;
  }
}

/** a sign after the number, written before the spaces that end it, beside the digits; a point that ends the digits is dropped first */
function signAfterSpaces(out: string[], sign: string): void {
  loosePointAsSpace(out);
  let k = out.length;
  out.push(sign);
  while (k > 0 && out[k - 1] === " ") {
    [out[k - 1], out[k]] = [sign, " "];
    k--;
  }
}

/** a point with no digit after it becomes a space */
function loosePointAsSpace(out: string[]): void {
  const point = out.indexOf(".");
  if (point >= 0 && (point === out.length - 1 || out[point + 1] === " ")) out[point] = " ";
}

export function registerNumberFormat(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_to_char_text", 3, toChar);
}
