/**
 * Java date patterns (what AEP's date functions take: `yyyy-MM-dd'T'HH:mm:ss.SSSX`) as DuckDB
 * strptime/strftime formats, and AEP's ordered list of default patterns for a string that must
 * become a date without a format (data-handling: the first pattern that matches wins).
 * A string is parsed only when it matches its pattern as strictly as Java reads one (fixed digit
 * counts, case-sensitive names): DuckDB's strptime alone is lenient (`2024-2-3` for `yyyy-MM-dd`,
 * trailing spaces, `infinity`), which would turn a malformed value into a guessed date.
 */
import { quoteLiteral } from "../../delta/index.js";
import { ExpressionError } from "./errors.js";
import { TIMESTAMPTZ } from "./typed.js";
import { localWallTime, minutesOfOffsetText, offsetMinutes, offsetText, type OffsetStyle, type Zone } from "./zoned-date.js";

/** AEP's default patterns, in AEP's order. */
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

/**
 * Besides AEP's patterns, ISO 8601 as this service writes instants and AEP's own examples use them:
 * `T` or a space, minutes with optional seconds and up to 6 fraction digits (microseconds are
 * kept; more would be lost, so they do not match), `Z` or an offset, UTC without one.
 */
const ISO_8601 = "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?";
const OFFSET = "(Z|[+-][0-9]{2}(:?[0-9]{2})?)";
const ZONED = `.*${OFFSET}`;

interface PatternPart {
  letter?: string;
  count: number;
  literal?: string;
}

function partsOf(pattern: string): PatternPart[] {
  // strptime and strftime refuse an empty format for every row
  if (pattern === "") throw new ExpressionError("the date format is empty");
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

const letterCountRefused = (pattern: string, { letter, count }: PatternPart) =>
  new ExpressionError(`the date format "${pattern}" uses ${letter} ${count} times, which Java's date patterns do not allow`);

const unsupported = (pattern: string, letter: string) =>
  new ExpressionError(`the date format "${pattern}" uses the pattern letter ${letter}, which is not supported`);

/** strptime and strftime differ only in unpadded numbers and zones (formatting writes a zone with zoneText). */
function directive(part: PatternPart, pattern: string, forParsing: boolean): string {
  const { letter, count } = part;
  const unpadded = (d: string) => (count === 1 && !forParsing ? `%-${d}` : `%${d}`);
  switch (letter) {
    case "y":
      // a two-digit year is read as 20yy (Java's base year 2000), see twoDigitYear
      return count === 2 && !forParsing ? "%y" : "%Y";
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
    case "X":
    case "x":
      if (forParsing) return "%z";
      break;
    case "z":
      if (forParsing) return "%Z";
      break;
  }
  throw unsupported(pattern, letter!);
}

const digits = (count: number, max = count) => (count === max ? `[0-9]{${count}}` : `[0-9]{${count},${max}}`);

/** What a part accepts when parsing, as Java's strict resolver reads it (RE2, no capture groups). */
function accepted(part: PatternPart, pattern: string): string {
  const { letter, count } = part;
  if (part.literal !== undefined) return part.literal.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
  const number = (max: number) => digits(count, Math.max(count, max));
  switch (letter) {
    case "y":
      return count === 2 ? "[0-9]{2}" : digits(Math.max(count, 4));
    case "M":
    case "L":
      return count >= 4 ? "[A-Z][a-z]+" : count === 3 ? "[A-Z][a-z]{2}" : number(2);
    case "d":
    case "H":
    case "h":
    case "m":
    case "s":
      return number(2);
    case "D":
      return number(3);
    case "S":
      // beyond microseconds only zeros: a nanosecond a timestamp cannot hold is never dropped
      return count <= 6 ? `[0-9]{${count}}` : `[0-9]{6}0{${count - 6}}`;
    case "a":
      return "(?:AM|PM)";
    case "E":
      return count >= 4 ? "[A-Z][a-z]+" : "[A-Z][a-z]{2}";
    case "u":
      return "[1-7]";
    case "Z":
      return count <= 3 ? "[+-][0-9]{4}" : "(?:Z|[+-][0-9]{2}:[0-9]{2})";
    case "X":
      return count === 1 ? "(?:Z|[+-][0-9]{2}(?:[0-9]{2})?)" : count === 2 ? "(?:Z|[+-][0-9]{4})" : "(?:Z|[+-][0-9]{2}:[0-9]{2})";
    case "x":
      return count === 1 ? "[+-][0-9]{2}(?:[0-9]{2})?" : count === 2 ? "[+-][0-9]{4}" : "[+-][0-9]{2}:[0-9]{2}";
    case "z":
      return "[A-Za-z][A-Za-z0-9_/+-]*";
  }
  throw unsupported(pattern, letter!);
}

function strftimeFormat(parts: PatternPart[], pattern: string, forParsing: boolean): string {
  return parts.map((part) => (part.literal !== undefined ? part.literal.replaceAll("%", "%%") : directive(part, pattern, forParsing))).join("");
}

const ZONE_LETTERS = new Set(["Z", "X", "x", "z"]);
const OFFSET_LETTERS = new Set(["Z", "X", "x"]);

/**
 * SQL: the offset (minutes) a string parsed with a Java pattern carries, undefined when the pattern
 * has none. A zone name read with `z` is not kept: the date is read in UTC.
 */
export function patternOffset(textSql: string, pattern: string): string | undefined {
  const parts = partsOf(pattern);
  if (!parts.some((p) => p.letter !== undefined && OFFSET_LETTERS.has(p.letter))) return undefined;
  // the first offset letter's text, captured (every other part of the pattern's regex is non-capturing)
  const at = parts.findIndex((p) => p.letter !== undefined && OFFSET_LETTERS.has(p.letter));
  const regex = parts.map((part, i) => (i === at ? `(${accepted(part, pattern)})` : accepted(part, pattern))).join("");
  return minutesOfOffsetText(`regexp_extract(${textSql}, ${quoteLiteral(`^${regex}$`)}, 1)`);
}

/** SQL: the string parsed with a Java pattern as a TIMESTAMPTZ (UTC when the pattern has no zone); NULL when it does not match. */
export function parseWithPattern(textSql: string, pattern: string): string {
  const parts = partsOf(pattern);
  const format = strftimeFormat(parts, pattern, true);
  const zoned = parts.some((p) => p.letter !== undefined && ZONE_LETTERS.has(p.letter));
  const regex = parts.map((part) => accepted(part, pattern));
  let input = textSql;
  const year = parts.findIndex((p) => p.letter === "y" && p.count === 2);
  if (year >= 0) {
    // strptime's %y reads 69 as 1969; Java reads every two-digit year as 20yy
    const grouped = `(${regex.slice(0, year).join("")})([0-9]{2})(${regex.slice(year + 1).join("")})`;
    input = `regexp_replace(${input}, ${quoteLiteral(grouped)}, '\\120\\2\\3')`;
  }
  // DuckDB's %z reads +hh, +hhmm, +hh:mm; ISO 8601's X also writes UTC as "Z"
  if (parts.some((p) => p.letter === "X")) input = `regexp_replace(${input}, 'Z$', '+00:00')`;
  const parsed = `try_strptime(${input}, ${quoteLiteral(format)})`;
  const instant = zoned ? parsed : `timezone('UTC', ${parsed})`;
  return `CASE WHEN regexp_full_match(${textSql}, ${quoteLiteral(regex.join(""))}) THEN ${instant} END`;
}

/**
 * Minutes followed at once by the zone (`10:00Z`, `10:00+02:00`): DuckDB's cast to a TIMESTAMPTZ
 * reads a time without seconds only when no zone follows, so the seconds are written in first.
 */
const ZONE_AFTER_MINUTES = "^([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})(Z|[+-])";

/** SQL: an ISO 8601 date and time as a TIMESTAMPTZ (UTC without an offset); NULL when it is not one. */
function parseIso8601(textSql: string): string {
  const withSeconds = `regexp_replace(${textSql}, ${quoteLiteral(ZONE_AFTER_MINUTES)}, '\\1:00\\2')`;
  return (
    `CASE WHEN regexp_full_match(${textSql}, ${quoteLiteral(ISO_8601)}) THEN ` +
    `CASE WHEN regexp_full_match(${textSql}, ${quoteLiteral(ZONED)}) THEN TRY_CAST(${withSeconds} AS ${TIMESTAMPTZ}) ` +
    `ELSE timezone('UTC', TRY_CAST(${textSql} AS TIMESTAMP)) END END`
  );
}

/**
 * AEP's patterns in the order they are tried here: the two most common forms first, ISO 8601 and
 * then `yyyy-MM-dd` (up to 18 pattern matches fewer). The answer is AEP's order's: a string ISO
 * 8601 shares with one of AEP's patterns (`2024-02-29 10:00:00.123`) reads as the same instant
 * either way, and the five patterns before `yyyy-MM-dd` all need a time of day.
 */
const TRIED_AFTER_ISO = ["yyyy-MM-dd", ...DEFAULT_DATE_PATTERNS.filter((p) => p !== "yyyy-MM-dd")];

/** SQL: AEP's default patterns tried in order, and ISO 8601; NULL when none matches. */
export function parseWithDefaults(textSql: string): string {
  return `coalesce(${[parseIso8601(textSql), ...TRIED_AFTER_ISO.map((p) => parseWithPattern(textSql, p))].join(", ")})::${TIMESTAMPTZ}`;
}

/** SQL: the offset (minutes) of the string parseWithDefaults reads, from the pattern that reads it; NULL without one. */
export function defaultsOffset(textSql: string): string {
  const iso = `regexp_full_match(${textSql}, ${quoteLiteral(ISO_8601)}) AND regexp_full_match(${textSql}, ${quoteLiteral(ZONED)})`;
  const isoOffset = minutesOfOffsetText(`regexp_extract(${textSql}, ${quoteLiteral(`${OFFSET}$`)}, 1)`);
  const zoned = TRIED_AFTER_ISO.flatMap((p) => {
    const offset = patternOffset(textSql, p);
    return offset ? [`WHEN ${parseWithPattern(textSql, p)} IS NOT NULL THEN ${offset}`] : [];
  });
  return `(CASE WHEN ${iso} THEN ${isoOffset} ${zoned.join(" ")} END)`;
}

/** An offset letter's style, as Java writes it (ZZZZ is written GMT+hh:mm, see zoneText). */
function offsetStyle(letter: string, count: number): OffsetStyle {
  if (letter === "Z") return count <= 3 ? { zulu: false, colon: false } : { zulu: true, colon: true };
  const zulu = letter === "X";
  if (count === 1) return { zulu, colon: false, minutesWhenNonZero: true };
  return { zulu, colon: count === 3 || count === 5 };
}

/** A zone letter's text: a constant for a date without a zone, SQL per row otherwise. */
function zoneText(part: PatternPart, pattern: string, instant: string, zone: Zone | undefined): { constant: string } | { sql: string } {
  const { letter, count } = part;
  const minutes = offsetMinutes(instant, zone);
  if ((letter === "Z" || letter === "O") && count === 4) {
    // Java's localized offset: GMT, or GMT+02:00
    const offset = offsetText(minutes, { zulu: true, colon: true });
    return "sql" in offset ? { sql: `(CASE WHEN ${offset.sql} = 'Z' THEN 'GMT' ELSE 'GMT' || ${offset.sql} END)` } : { constant: "GMT" };
  }
  if (letter === "O") {
    if (count !== 1) throw letterCountRefused(pattern, part);
    // the short localized offset: GMT, GMT+8, GMT+5:30
    if (minutes === undefined) return { constant: "GMT" };
    const hours = `(CASE WHEN ${minutes} < 0 THEN '-' ELSE '+' END) || (abs(${minutes}) // 60)::VARCHAR`;
    return { sql: `(CASE WHEN ${minutes} = 0 THEN 'GMT' ELSE 'GMT' || ${hours} || (CASE WHEN ${minutes} % 60 = 0 THEN '' ELSE ':' || lpad((abs(${minutes}) % 60)::VARCHAR, 2, '0') END) END)` };
  }
  if (letter === "Z" || letter === "X" || letter === "x") return offsetText(minutes, offsetStyle(letter, count));
  if (letter === "V" && count !== 2) throw new ExpressionError(`the date format "${pattern}" uses V ${count} times; the zone ID is VV`);
  // a zone's short name (CEST, PST) is Java's own table, which DuckDB does not have: refused rather than guessed
  if (letter === "z" && zone && "id" in zone) {
    throw new ExpressionError(`the date format "${pattern}" writes the short name of the zone ${zone.id} with z, which is not supported; VV writes its ID, Z or X its offset`);
  }
  if (zone && "id" in zone) return { constant: zone.id };
  // UTC is written UTC, another offset as its ID (-08:00), as Java writes an offset zone
  const offset = offsetText(minutes, { zulu: true, colon: true });
  return "sql" in offset ? { sql: `(CASE WHEN ${offset.sql} = 'Z' THEN 'UTC' ELSE ${offset.sql} END)` } : { constant: "UTC" };
}

/** Letters strftime has no directive for, written per row from the wall time (formatting only). */
const COMPUTED_LETTERS = ["G", "Q", "q", "k", "K"];
const QUARTER_WORDS = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"];

/** SQL text of a letter strftime lacks, as Java writes it in English: era, quarter, 1–24 and 0–11 hours. */
function computedText(part: PatternPart, pattern: string, wall: string): { sql: string } {
  const { letter, count } = part;
  const padded = (n: string) => (count === 1 || count === 5 ? `(${n})::VARCHAR` : `lpad((${n})::VARCHAR, ${count}, '0')`);
  switch (letter) {
    case "G": {
      if (count > 5) break;
      const [ad, bc] = count === 4 ? ["Anno Domini", "Before Christ"] : count === 5 ? ["A", "B"] : ["AD", "BC"];
      return { sql: `(CASE WHEN year(${wall}) > 0 THEN ${quoteLiteral(ad)} ELSE ${quoteLiteral(bc)} END)` };
    }
    case "Q":
    case "q":
      if (count > 5) break;
      if (count <= 2 || count === 5) return { sql: padded(`quarter(${wall})`) };
      return { sql: count === 3 ? `('Q' || quarter(${wall}))` : `([${QUARTER_WORDS.map(quoteLiteral).join(", ")}][quarter(${wall})])` };
    case "k":
      if (count > 2) break;
      return { sql: padded(`CASE WHEN hour(${wall}) = 0 THEN 24 ELSE hour(${wall}) END`) };
    case "K":
      if (count > 2) break;
      return { sql: padded(`hour(${wall}) % 12`) };
  }
  throw letterCountRefused(pattern, part);
}

/** SQL: a date written with a Java pattern, in its zone (UTC without one). */
export function formatWithPattern(instantSql: string, pattern: string, zone?: Zone): string {
  const wall = localWallTime(instantSql, zone);
  const pieces: string[] = [];
  let format = "";
  const flush = () => {
    if (format !== "") pieces.push(`strftime(${wall}, ${quoteLiteral(format)})`);
    format = "";
  };
  for (const part of partsOf(pattern)) {
    if (part.literal !== undefined) {
      format += part.literal.replaceAll("%", "%%");
      continue;
    }
    if (!["Z", "X", "x", "z", "V", "O", ...COMPUTED_LETTERS].includes(part.letter!)) {
      format += directive(part, pattern, false);
      continue;
    }
    const text = COMPUTED_LETTERS.includes(part.letter!) ? computedText(part, pattern, wall) : zoneText(part, pattern, instantSql, zone);
    if ("constant" in text) {
      format += text.constant.replaceAll("%", "%%");
    } else {
      flush();
      pieces.push(text.sql);
    }
  }
  flush();
  if (pieces.length === 1 && pieces[0].startsWith("strftime(")) return pieces[0];
  // a zone's text alone would be written for a null date
  return `(CASE WHEN ${instantSql} IS NOT NULL THEN ${pieces.length === 0 ? "''" : pieces.join(" || ")} END)`;
}
