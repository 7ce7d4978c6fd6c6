/**
 * Spark's interval literals that DuckDB reads otherwise or not at all, written as the one-string literal DuckDB reads
 * (`INTERVAL '1 days 02:03:04'`), their values worked out here by Spark's rules:
 * - several units, `INTERVAL 1 DAY 2 HOURS`, `INTERVAL '1' YEAR '2' MONTHS`, `INTERVAL -2 HOUR '3' MINUTE`;
 * - a range of units, `INTERVAL '1 02:03:04.5' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO MONTH`;
 * - units in the string, `INTERVAL '1 day 2 hours'`, read as Spark reads it (DuckDB takes a fraction of a day, or
 *   months beside days, which Spark refuses).
 * Spark's interval types are year-month or day-time: a literal naming units of both is refused, as Spark refuses it.
 * One unit, `INTERVAL 1 DAY` or `INTERVAL '3' HOUR`, DuckDB reads as Spark does, and is left as it is.
 */
import { SqlError } from "../errors.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const PARSE = "org.apache.spark.sql.catalyst.parser.ParseException";
const YEAR_MONTH_UNITS = new Set(["year", "month"]);
const DAY_TIME_UNITS = new Set(["week", "day", "hour", "minute", "second", "millisecond", "microsecond"]);
/** the microseconds of each day-time unit (sql/subscripts.ts names a literal by them too) */
export const MICROS: Readonly<Record<string, bigint>> = {
  week: 7n * 86_400_000_000n,
  day: 86_400_000_000n,
  hour: 3_600_000_000n,
  minute: 60_000_000n,
  second: 1_000_000n,
  millisecond: 1_000n,
  microsecond: 1n,
};
const MICROS_A_DAY = 86_400_000_000n;
const INT_MAX = 2n ** 31n - 1n;
const LONG_MAX = 2n ** 63n - 1n;

/** the day-time ranges Spark reads, each string's form; the first field may be any size, the others within their range */
const DAY_TIME_RANGES: Record<string, { form: string; fields: string[] }> = {
  "day to hour": { form: "[+|-]d h", fields: ["day", "hour"] },
  "day to minute": { form: "[+|-]d h:m", fields: ["day", "hour", "minute"] },
  "day to second": { form: "[+|-]d h:m:s.n", fields: ["day", "hour", "minute", "second"] },
  "hour to minute": { form: "[+|-]h:m", fields: ["hour", "minute"] },
  "hour to second": { form: "[+|-]h:m:s.n", fields: ["hour", "minute", "second"] },
  "minute to second": { form: "[+|-]m:s.n", fields: ["minute", "second"] },
};
const FIELD_LIMITS: Record<string, bigint> = { hour: 23n, minute: 59n, second: 59n };

interface Pair {
  /** the number as Spark reads it, sign included */
  value: string;
  unit: string;
}

export function intervalLiterals(tokens: Token[]): Token[] {
  let out: Token[] | undefined;
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(tokens[k], "INTERVAL")) continue;
    const literal = readLiteral(tokens, k);
    if (!literal) continue;
    out ??= [...tokens];
    const at = k - (tokens.length - out.length);
    const written = madeToken("ident", "INTERVAL", tokens[k].pos);
    WRITTEN_KINDS.set(written, literal.kind);
    out.splice(at, literal.end - k, written, madeToken("string", literal.duckdb, tokens[k].pos));
    k = literal.end - 1;
  }
  return out ?? tokens;
}

/**
 * Spark's type of an interval literal, where it decides the type of a date plus or minus it: whole days (DAY, or WEEK, alone), or
 * years and months, keep a DATE a DATE; any other day-time interval (hours, `DAY TO SECOND`, days beside hours) makes it a TIMESTAMP
 */
export type IntervalKind = "days or months" | "time";

/** the interval literal at `start` (INTERVAL first) as intervalLiterals leaves it, its kind and last token; undefined for anything else */
export function intervalLiteralAt(tokens: Token[], start: number): { kind: IntervalKind; end: number } | undefined {
  const written = WRITTEN_KINDS.get(tokens[start]);
  if (written) return { kind: written, end: start + 1 };
  if (!isWord(tokens[start], "INTERVAL")) return undefined;
  const value = readValue(tokens, start + 1);
  const unit = value && unitOf(tokens[value.next]);
  return unit ? { kind: kindOf([unit]), end: value.next } : undefined;
}

const kindOf = (units: string[]): IntervalKind => (units.every((unit) => ["year", "month", "week", "day"].includes(unit)) ? "days or months" : "time");

/** the kinds of the literals intervalLiterals wrote, by their INTERVAL token */
const WRITTEN_KINDS = new WeakMap<Token, IntervalKind>();

/** the literal that starts with INTERVAL at `k`: DuckDB's string for it, Spark's kind of it, the token after it; undefined where DuckDB reads it as it is */
function readLiteral(tokens: Token[], k: number): { duckdb: string; kind: IntervalKind; end: number } | undefined {
  const first = tokens[k + 1];
  if (first?.kind === "string" && !unitOf(tokens[k + 2]) && first.prefix === "") {
    const { span, units } = unitsInString(first.value, `INTERVAL '${first.value}'`);
    return { duckdb: spanText(span), kind: kindOf(units), end: k + 2 };
  }
  const pairs: { pair: Pair; written: string; isString: boolean }[] = [];
  let j = k + 1;
  for (;;) {
    const value = readValue(tokens, j);
    const unit = value && unitOf(tokens[value.next]);
    if (!value || !unit) break;
    pairs.push({ pair: { value: value.number, unit }, written: `${value.written} ${tokens[value.next].value.toUpperCase()}`, isString: value.isString });
    j = value.next + 1;
  }
  if (pairs.length === 0) return undefined;
  const source = `INTERVAL ${pairs.map((p) => p.written).join(" ")}`;
  if (isWord(tokens[j], "TO") && unitOf(tokens[j + 1])) {
    if (pairs.length > 1) throw parseError("", "Can only have a single from-to unit in the interval literal syntax.");
    if (!pairs[0].isString) throw parseError("", "The value of from-to unit must be a string.");
    const [from, to] = [pairs[0].pair.unit, unitOf(tokens[j + 1])!];
    return { duckdb: spanText(unitRange(pairs[0].pair.value, from, to)), kind: kindOf([from, to]), end: j + 2 };
  }
  for (const { pair } of pairs) {
    if (/[a-z]/i.test(pair.value)) {
      throw parseError("", `Can only use numbers in the interval value part for multiple unit value pairs interval form, but got invalid value: ${pair.value}.`);
    }
  }
  const span = sumOfUnits(pairs.map((p) => p.pair), source);
  // one unit DuckDB reads as Spark does stays as it is written (DuckDB's parser takes no fraction: INTERVAL 1.5 SECOND)
  return pairs.length === 1 && !/[-.]/.test(pairs[0].pair.value) ? undefined : { duckdb: spanText(span), kind: kindOf(pairs.map((p) => p.pair.unit)), end: j };
}

/** a unit's value at `j`: a number or a string, either signed; the token after it */
function readValue(tokens: Token[], j: number): { number: string; written: string; isString: boolean; next: number } | undefined {
  const negative = isOp(tokens[j], "-");
  const t = negative || isOp(tokens[j], "+") ? tokens[j + 1] : tokens[j];
  const next = negative || isOp(tokens[j], "+") ? j + 2 : j + 1;
  if (t?.kind === "number" && t.suffix === "") return { number: negative ? `-${t.value}` : t.value, written: `${negative ? "-" : ""}${t.value}`, isString: false, next };
  if (t?.kind !== "string" || t.prefix !== "") return undefined;
  const value = t.value.trim();
  // a minus before the string negates it, its own sign included
  const number = !negative ? value : value.startsWith("-") ? value.slice(1) : `-${value.replace(/^\+/, "")}`;
  return { number, written: `${negative ? "-" : ""}'${t.value}'`, isString: true, next };
}

/** the unit a word names, singular and lower-case (DAYS is day); undefined for any other word */
function unitOf(t: Token | undefined): string | undefined {
  if (t?.kind !== "ident") return undefined;
  const word = t.value.toLowerCase().replace(/s$/, "");
  return YEAR_MONTH_UNITS.has(word) || DAY_TIME_UNITS.has(word) ? word : undefined;
}

/** a string of day-time units (`5 minutes`, `1 hour 30 seconds`) as Spark reads it, in microseconds; undefined where it is none */
export function dayTimeMicros(text: string): bigint | undefined {
  try {
    const { span } = unitsInString(text, `INTERVAL '${text}'`);
    return "micros" in span ? span.micros : undefined;
  } catch (e) {
    if (e instanceof SqlError) return undefined;
    throw e;
  }
}

/** an interval of Spark's: months (year-month) or microseconds (day-time) */
type Span = { months: bigint } | { micros: bigint };

/** `INTERVAL '1 day 2 hours'`: the string's value and unit pairs, an `interval` word before them allowed; its span and units */
function unitsInString(text: string, source: string): { span: Span; units: string[] } {
  const pairs: Pair[] = [];
  const pattern = /\s*([+-]?)\s*(\d*(?:\.\d*)?)\s*([a-z]+)\s*/iy;
  const body = text.replace(/^\s*interval\s+/i, "");
  let at = 0;
  while (at < body.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(body);
    const unit = m?.[3].toLowerCase().replace(/s$/, "");
    if (!m || !/\d/.test(m[2]) || !unit || !(YEAR_MONTH_UNITS.has(unit) || DAY_TIME_UNITS.has(unit))) {
      throw new SqlError(PARSE, "INVALID_TYPED_LITERAL", `The value of the typed literal "INTERVAL" is invalid: '${text}'. SQLSTATE: 42604`);
    }
    pairs.push({ value: `${m[1]}${m[2]}`, unit });
    at = pattern.lastIndex;
  }
  if (pairs.length === 0) throw new SqlError(PARSE, "INVALID_TYPED_LITERAL", `The value of the typed literal "INTERVAL" is invalid: '${text}'. SQLSTATE: 42604`);
  return { span: sumOfUnits(pairs, source), units: pairs.map((p) => p.unit) };
}

/** the sum of value-unit pairs: months where all are years and months, microseconds where none is */
function sumOfUnits(pairs: Pair[], source: string): Span {
  const yearMonth = pairs.some((p) => YEAR_MONTH_UNITS.has(p.unit));
  if (yearMonth && pairs.some((p) => DAY_TIME_UNITS.has(p.unit))) throw parseError("", `Cannot mix year-month and day-time fields: ${source}.`);
  let total = 0n;
  for (const { value, unit } of pairs) {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
    if (!m || !/\d/.test(`${m[2]}${m[3] ?? ""}`)) throw parseError("INVALID_INTERVAL_FORMAT.INVALID_VALUE", `Error parsing '${source}' to interval, invalid value '${value}'.`);
    const fraction = m[3] ?? "";
    if (m[3] !== undefined && unit !== "second") throw parseError("INVALID_INTERVAL_FORMAT.INVALID_FRACTION", `Error parsing '${source}' to interval, '${unit}' cannot have fractional part.`);
    if (fraction.length > 9) throw parseError("INVALID_INTERVAL_FORMAT.INVALID_PRECISION", `Error parsing '${source}' to interval, interval can only support nanosecond precision, '${value}' is out of range.`);
    const sign = m[1] === "-" ? -1n : 1n;
    const whole = BigInt(m[2] || "0");
    // Spark keeps microseconds: nanoseconds past them are dropped
    const amount = yearMonth ? whole * (unit === "year" ? 12n : 1n) : whole * MICROS[unit] + BigInt(fraction.slice(0, 6).padEnd(6, "0"));
    total += sign * amount;
  }
  return checkedSpan(yearMonth ? { months: total } : { micros: total }, source);
}

/** `INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO MONTH`: the string read in the range's form */
function unitRange(value: string, from: string, to: string): Span {
  const source = `INTERVAL '${value}' ${from.toUpperCase()} TO ${to.toUpperCase()}`;
  if (from === "year" && to === "month") {
    const m = /^([+-])?(\d+)-(\d{1,2})$/.exec(value.trim());
    if (!m) throw parseError("INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING", `Interval string does not match year-month format of \`[+|-]y-m\`: ${value}.`);
    const months = BigInt(m[3]);
    if (months > 11n) throw parseError("INVALID_INTERVAL_FORMAT.INTERVAL_PARSING", `month ${months} outside range [0, 11] in ${source}.`);
    return checkedSpan({ months: (m[1] === "-" ? -1n : 1n) * (BigInt(m[2]) * 12n + months) }, source);
  }
  const range = DAY_TIME_RANGES[`${from} to ${to}`];
  if (!range) throw parseError("", `Intervals FROM ${from} TO ${to} are not supported.`);
  // the first field any size, each after it one or two digits after a space (after days) or a colon
  const fieldPatterns = range.fields.map((_, n) => (n === 0 ? "(\\d+)" : `${range.fields[n - 1] === "day" ? " " : ":"}(\\d{1,2})`));
  const pattern = new RegExp(`^([+-])?${fieldPatterns.join("")}${to === "second" ? "(?:\\.(\\d{1,9}))?" : ""}$`);
  const m = pattern.exec(value.trim());
  if (!m) {
    throw parseError(
      "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING",
      `Interval string does not match day-time format of \`${range.form}\` when cast to interval ${from} to ${to}: ${value}.`,
    );
  }
  let micros = 0n;
  range.fields.forEach((field, n) => {
    const amount = BigInt(m[n + 2]);
    if (n > 0 && amount > FIELD_LIMITS[field]) {
      throw parseError("INVALID_INTERVAL_FORMAT.INTERVAL_PARSING", `${field} ${amount} outside range [0, ${FIELD_LIMITS[field]}] in ${source}.`);
    }
    micros += amount * MICROS[field];
  });
  micros += BigInt((m[range.fields.length + 2] ?? "").slice(0, 6).padEnd(6, "0"));
  return checkedSpan({ micros: (m[1] === "-" ? -1n : 1n) * micros }, source);
}

/** the span, where Spark's INT months or BIGINT microseconds hold it */
function checkedSpan(span: Span, source: string): Span {
  const [amount, limit] = "months" in span ? [span.months, INT_MAX] : [span.micros, LONG_MAX];
  if (amount > limit || amount < -limit - 1n) throw parseError("INVALID_INTERVAL_FORMAT.ARITHMETIC_EXCEPTION", `${source} overflows the interval's range.`);
  return span;
}

/** DuckDB's text of the span, as DuckDB writes one: years and months, or days and the time past them (`-1 days -02:03:04.5`), every part of the span's sign */
function spanText(span: Span): string {
  const amount = "months" in span ? span.months : span.micros;
  const sign = amount < 0n ? "-" : "";
  const size = amount < 0n ? -amount : amount;
  if ("months" in span) {
    const [years, months] = [size / 12n, size % 12n];
    return years === 0n ? `${sign}${months} months` : months === 0n ? `${sign}${years} years` : `${sign}${years} years ${sign}${months} months`;
  }
  const [days, rest] = [size / MICROS_A_DAY, size % MICROS_A_DAY];
  const two = (n: bigint) => n.toString().padStart(2, "0");
  const fraction = rest % MICROS.second === 0n ? "" : `.${(rest % MICROS.second).toString().padStart(6, "0").replace(/0+$/, "")}`;
  const time = `${sign}${two(rest / MICROS.hour)}:${two((rest % MICROS.hour) / MICROS.minute)}:${two((rest % MICROS.minute) / MICROS.second)}${fraction}`;
  return days === 0n ? time : `${sign}${days} days ${time}`;
}

function parseError(errorClass: string, message: string): SqlError {
  return new SqlError(PARSE, errorClass, `${message} SQLSTATE: ${errorClass ? "22006" : "42000"}`);
}
