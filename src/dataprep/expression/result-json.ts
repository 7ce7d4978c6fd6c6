/**
 * validate's result as JSON text, each DECIMAL it holds (at any depth) written as a JSON number of
 * exactly its digits, and each finite double as a number of its shortest digits (not the string
 * "1000.0"): 2.50 as 2.50 and a DECIMAL(3,0)'s 100 as 100, where DuckDB's to_json writes
 * 2.5 and 100.0. A JSON reader takes 2.50 as the number 2.5, the value AEP's examples show; the
 * answer's text keeps the scale. A DECIMAL whose value a double does not hold
 * (1.000000000000000001) is the string of its digits, as a BIGINT beyond 2^53 is, so that no reader
 * rounds it. Every other value is written as parseLosslessJson reads DuckDB's JSON text.
 */
import { randomUUID } from "node:crypto";
import { parseLosslessJson } from "../../databricks/lossless-json.js";
import { parseDuckDbType, quoteLiteral } from "../../delta/index.js";
import { decimalText } from "../exact-json.js";
import { floatText } from "../float-text.js";
import { type LeafRewrite, leavesRewritten, typeTextRewritten } from "./leaves-rewritten.js";

/** A value's DECIMALs as text led by a mark of its own (a fresh one: no string of the data holds it), which resultJson turns into numbers. */
export interface MarkedDecimals {
  sql: string;
  type: string;
  mark: string;
}

export function decimalsMarked(sql: string, type: string): MarkedDecimals {
  const mark = `${randomUUID()}:`;
  const marked = (text: string) => `(${quoteLiteral(mark)} || ${text})`;
  const leaf: LeafRewrite = {
    rewrite: (value, name, place) => {
      // a map's key is text in JSON: a DECIMAL's digits alone, a double's Java text, as jsonText writes a key
      if (name.startsWith("DECIMAL")) return place === "key" ? decimalText(value, name) : marked(decimalText(value, name));
      // a finite double as a number of its shortest digits (to_json's 1000.0 read as a string); NaN, ±Infinity and -0.0, which a JSON reader cannot take or keep, as their text
      if ((name === "DOUBLE" || name === "FLOAT") && place === "value") {
        return `(CASE WHEN isfinite(${value}) AND NOT (${value} = 0 AND signbit(${value})) THEN ${marked(`CAST(${value} AS VARCHAR)`)} ELSE ${floatText(value, name)} END)`;
      }
      return undefined;
    },
    type: "VARCHAR",
    prefix: "result_decimal",
  };
  const parsed = parseDuckDbType(type);
  return { sql: leavesRewritten(sql, parsed, leaf), type: typeTextRewritten(parsed, leaf), mark };
}

/** DuckDB's JSON text of the marked value as the answer's JSON text. */
export function resultJson(text: string | null, mark: string): string {
  if (text === null) return "null";
  const json = JSON.stringify(parseLosslessJson(text, { nonFiniteAsText: true }));
  const marked = new RegExp(`"${mark.replace(/[-:]/g, "\\$&")}(-?[0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?)"`, "g");
  return json.replace(marked, (_, digits: string) => (heldByDouble(digits) ? digits : JSON.stringify(digits)));
}

/** Whether a double holds the value of the decimal digits exactly (2.50 yes, 0.1 yes as JSON reads it, 1.000000000000000001 no). */
function heldByDouble(digits: string): boolean {
  return canonical(String(Number(digits))) === canonical(digits);
}

/** A decimal number (an exponent too: 1e-7) as its significant digits and the power of ten of the last: 2.50 and 25e-1 are both "25e-1". */
function canonical(number: string): string {
  const [, sign, whole, fraction = "", exponent = "0"] = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:e([-+]?[0-9]+))?$/i.exec(number)!;
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (digits === "") return "0";
  const significant = digits.replace(/0+$/, "");
  return `${sign}${significant}e${Number(exponent) - fraction.length + (digits.length - significant.length)}`;
}
