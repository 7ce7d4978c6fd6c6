/**
 * Java date patterns (what AEP's date functions take: `yyyy-MM-dd'T'HH:mm:ss.SSSX`) as DuckDB
 * strptime/strftime formats, and AEP's ordered list of default patterns for a string that must
 * become a date without a format (data-handling: the first pattern that matches wins).
 */
import { quoteLiteral } from "../../delta/index.js";
import { ExpressionError } from "./errors.js";
import { TIMESTAMPTZ, utcWallTime } from "./typed.js";

/** AEP's default patterns, in AEP's order; then ISO 8601 forms AEP's own examples parse. */
export const DEFAULT_DATE_PATTERNS = [
  "yyyy-MM-dd HH:mm:ssZ",
  "yyyy-MM-dd HH:mm:ss.SSSZ",
  "yyyy-MM-dd HH:mm:ss.SSS",
  "yyyy-MM-dd'T'HH:mm:ss.SSSX",
  "yyyy-MM-dd'T'HH:mm:ss'Z'",
  "yyyy-MM-dd",
  "yyyy/MM/dd",
  "yyyy.MM.dd",
  "yyyy-MMM-dd",
  "yyyyMMdd",
  "MM-dd-yyyy",
  "MMddyyyy",
  "M/dd/yyyy",
  "dd.M.yyyy",
  "M/dd/yyyy hh:mm:ss a",
  "dd.M.yyyy hh:mm:ss a",
  "dd.MMM.yyyy",
  "dd-MMM-yyyy",
] as const;

const ISO_FALLBACKS = ["yyyy-MM-dd'T'HH:mm:ssX", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

interface PatternPart {
  letter?: string;
  count: number;
  literal?: string;
}

function partsOf(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let at = 0;
  while (at < pattern.length) {
    const char = pattern[at];
    if (char === "'") {
      const end = pattern.indexOf("'", at + 1);
      if (end === -1) throw new ExpressionError(`the date format "${pattern}" has an unclosed quote`);
      parts.push({ count: 0, literal: end === at + 1 ? "'" : pattern.slice(at + 1, end) });
      at = end + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let end = at;
      while (pattern[end] === char) end++;
      parts.push({ letter: char, count: end - at });
      at = end;
    } else {
      parts.push({ count: 0, literal: char });
      at++;
    }
  }
  return parts;
}

/** strptime and strftime differ only in unpadded numbers and zones (a formatted instant is always UTC). */
function directive(part: PatternPart, pattern: string, forParsing: boolean): string {
  const { letter, count } = part;
  const unpadded = (d: string) => (count === 1 && !forParsing ? `%-${d}` : `%${d}`);
  switch (letter) {
    case "y":
      return count === 2 ? "%y" : "%Y";
    case "M":
    case "L":
      return count >= 4 ? "%B" : count === 3 ? "%b" : unpadded("m");
    case "d":
      return unpadded("d");
    case "D":
      return "%j";
    case "H":
      return unpadded("H");
    case "h":
      return unpadded("I");
    case "m":
      return unpadded("M");
    case "s":
      return unpadded("S");
    case "S":
      return count <= 3 ? "%g" : count <= 6 ? "%f" : "%n";
    case "a":
      return "%p";
    case "E":
      return count >= 4 ? "%A" : "%a";
    case "u":
      return "%u";
    case "Z":
      return forParsing ? "%z" : "+0000";
    case "X":
      return forParsing ? "%z" : "Z";
    case "z":
      return forParsing ? "%Z" : "UTC";
  }
  throw new ExpressionError(`the date format "${pattern}" uses the pattern letter ${letter}, which is not supported`);
}

function convert(pattern: string, forParsing: boolean): { format: string; zoned: boolean; isoZone: boolean } {
  const parts = partsOf(pattern);
  const format = parts.map((part) => (part.literal !== undefined ? part.literal.replaceAll("%", "%%") : directive(part, pattern, forParsing))).join("");
  return { format, zoned: parts.some((p) => p.letter === "Z" || p.letter === "X" || p.letter === "z"), isoZone: parts.some((p) => p.letter === "X") };
}

/** SQL: the string parsed with a Java pattern as a TIMESTAMPTZ (UTC when the pattern has no zone); NULL when it does not match. */
export function parseWithPattern(textSql: string, pattern: string): string {
  const { format, zoned, isoZone } = convert(pattern, true);
  // DuckDB's %z reads +hh, +hhmm, +hh:mm; ISO 8601's X also writes UTC as "Z"
  const input = isoZone ? `regexp_replace(${textSql}, 'Z$', '+00:00')` : textSql;
  const parsed = `try_strptime(${input}, ${quoteLiteral(format)})`;
  return zoned ? parsed : `timezone('UTC', ${parsed})`;
}

/** SQL: AEP's default patterns tried in order. */
export function parseWithDefaults(textSql: string): string {
  return `coalesce(${[...DEFAULT_DATE_PATTERNS, ...ISO_FALLBACKS].map((p) => parseWithPattern(textSql, p)).join(", ")})::${TIMESTAMPTZ}`;
}

/** SQL: an instant written with a Java pattern, in UTC. */
export function formatWithPattern(instantSql: string, pattern: string): string {
  return `strftime(${utcWallTime(instantSql)}, ${quoteLiteral(convert(pattern, false).format)})`;
}
