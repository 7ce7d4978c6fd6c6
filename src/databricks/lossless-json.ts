/**
 * JSON.parse, except that a number whose text a double cannot hold exactly (a BIGINT beyond 2^53,
 * a DECIMAL's digits, "1.10") is kept as its text, a string. A workspace's table result may carry
 * such numbers (contract: BIGINT and DECIMAL never pass through a JS number); the column's Spark
 * type then says what the value is (see result-values.ts). Node 20 has no JSON.parse source access.
 */
import { randomUUID } from "node:crypto";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NON_FINITE = /NaN|-?Infinity/y;

/** With `nonFiniteAsText`, a bare NaN, Infinity or -Infinity (DuckDB's to_json writes them for a nested FLOAT or DOUBLE, JSON has none) is read as that text. */
export function parseLosslessJson(text: string, options: { nonFiniteAsText?: boolean } = {}): unknown {
  return JSON.parse(withNumbersAs(text, (token) => `"${token}"`, options.nonFiniteAsText));
}

/**
 * The JSON text of one top-level member of the object `text` holds, its numbers exactly as written
 * there (parsing and writing it again would round a BIGINT beyond 2^53 or a DECIMAL's digits).
 */
export function exactMemberText(text: string, key: string): string | undefined {
  const value = (parseJsonNumbersAsText(text) as Record<string, unknown>)[key];
  return value === undefined ? undefined : jsonTextOf(value);
}

/** A JSON number as its text, as parseJsonNumbersAsText reads it. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** JSON.parse, each number a JsonNumber holding its text: how it is written says its type (1.50 is not 1.5), nothing passes through a double. */
export function parseJsonNumbersAsText(text: string): unknown {
  const id = randomUUID();
  // a NUL (escaped in the JSON text, a character once parsed) and a fresh id: no string of the row holds it by chance
  const mark = `\\u0000${id}:`;
  const parsed = `\u0000${id}:`;
  return JSON.parse(withNumbersAs(text, (token) => `"${mark}${token}"`, false, () => true), (_key, value) =>
    typeof value === "string" && value.startsWith(parsed) ? new JsonNumber(value.slice(parsed.length)) : value,
  );
}

/** A value parseJsonNumbersAsText gave, as JSON text again: its numbers as they were written. */
export function jsonTextOf(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonTextOf).join(",")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}:${jsonTextOf(member)}`).join(",")}}`;
  return JSON.stringify(value);
}

/**
 * The first integer the JSON `text` writes (outside its strings) that a JavaScript number cannot hold exactly (beyond 2^53,
 * `9007199254740993`, which JSON.parse reads as …992), undefined where there is none.
 */
export function inexactInteger(text: string): string | undefined {
  let first: string | undefined;
  withNumbersAs(text, (token) => (first ??= token), false, (token) => /^-?\d+$/.test(token) && BigInt(token) !== BigInt(Number(token)));
  return first;
}

/**
 * `text` with each number `chosen` picks (by default each a double cannot hold exactly; with `nonFinite`, each bare NaN or
 * ±Infinity too) written as `replacement` gives it.
 */
function withNumbersAs(text: string, replacement: (token: string) => string, nonFinite = false, chosen = (token: string) => !roundTrips(token)): string {
  let out = "";
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (nonFinite && (c === 0x4e || c === 0x49 || c === 0x2d)) {
      NON_FINITE.lastIndex = i;
      const token = NON_FINITE.exec(text)?.[0];
      if (token) {
        out += text.slice(copiedTo, i) + replacement(token);
        copiedTo = i + token.length;
        i += token.length - 1;
        continue;
      }
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue; // JSON.parse reports it
      const token = m[0];
      if (chosen(token)) {
        out += text.slice(copiedTo, i) + replacement(token);
        copiedTo = i + token.length;
      }
      i += token.length - 1;
    }
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

function roundTrips(token: string): boolean {
  const n = Number(token);
  return Number.isFinite(n) && String(n) === token && (!Number.isInteger(n) || Number.isSafeInteger(n));
}
