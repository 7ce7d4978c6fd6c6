/**
 * The rewrites of Spark's date and time functions whose DuckDB form differs (sql/call-rewrites.ts):
 * date_format and the parsing functions with a pattern (sql/datetime-pattern.ts), extract and
 * date_part of the fields DuckDB answers otherwise, and the functions that take a unit's word
 * (timestampadd, timestampdiff and their other names).
 */
import { SqlError, sqlErrors } from "../errors.js";
import { FUNCTION_RENAMES } from "../engine/spark-functions.js";
import { argBody, tokenMakers, type Call } from "./call.js";
import { strftimePattern, strptimePattern } from "./datetime-pattern.js";
import { isWord, madeToken, type Token } from "./tokenizer.js";

/**
 * the call's tokens with its name `name` and its pattern argument's literal (a string, or refused as `what`) written anew by
 * `pattern`, as spark_pattern(new, written): the macros read the new one, the column's name the one written (sql/subscripts.ts)
 */
function withPattern(call: Call, name: string, what: string, pattern: (text: string) => string): Token[] {
  const literal = call.args[1];
  if (literal.length !== 2 || literal[0].kind !== "string" || literal[0].prefix === "X") throw sqlErrors.unsupported(`${what} with a pattern that is not a string literal`);
  const { op, ident, make } = tokenMakers(call);
  const named = [ident("spark_pattern"), op("("), make("string", pattern(literal[0].value)), op(","), literal[0], op(")")];
  const tokens = call.tokens.flatMap((t) => (t === literal[0] ? named : [t]));
  return [madeToken("ident", name, call.pos), ...tokens.slice(1)];
}

/** date_format(x, 'pattern') → spark_date_format(x, '<strftime format>'); the pattern must be a literal */
export function dateFormat(call: Call): Token[] {
  if (call.args.length !== 2) throw sqlErrors.unsupported("date_format with a pattern that is not a string literal");
  return withPattern(call, "spark_date_format", "date_format", strftimePattern);
}

/**
 * to_char(x, 'format') and to_varchar → spark_to_char(x, 'format', '<strftime format>'): x's type chooses (engine/spark-functions.ts)
 * between a number's format and a date's or timestamp's pattern, turned into strftime's here (`!` and Spark's refusal where the
 * format is no pattern, raised only for a date); the format must be a literal, as in Spark
 */
export function toCharCall(call: Call): Token[] {
  const literal = call.args[1];
  if (call.args.length !== 2 || literal.length !== 2 || literal[0].kind !== "string" || literal[0].prefix === "X") {
    throw sqlErrors.unsupported(`${call.name.toLowerCase()}(x, format) with a format that is not a string literal`);
  }
  let pattern: string;
  try {
    pattern = strftimePattern(literal[0].value);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    pattern = `!${e.summary}`;
  }
  const at = (kind: Token["kind"], value: string) => madeToken(kind, value, call.pos);
  return [at("ident", "spark_to_char"), ...call.tokens.slice(1, -1), at("op", ","), at("string", pattern), at("op", ")")];
}

/** Spark's pattern of from_unixtime(x), which its column's name shows */
const FROM_UNIXTIME_PATTERN = "yyyy-MM-dd HH:mm:ss";

/** from_unixtime(x, 'pattern') → spark_from_unixtime(x, '<strftime format>'); from_unixtime(x) with Spark's default pattern */
export function fromUnixtime(call: Call): Token[] | undefined {
  if (call.args.length === 1) {
    const { op, make } = tokenMakers(call);
    const pattern = make("string", FROM_UNIXTIME_PATTERN);
    const tokens = [...call.tokens.slice(0, -1), op(","), pattern, call.tokens[call.tokens.length - 1]!];
    return fromUnixtime({ ...call, tokens, args: [call.args[0]!, [pattern, make("eof", "")]] });
  }
  return call.args.length === 2 ? withPattern(call, "spark_from_unixtime", "from_unixtime", strftimePattern) : undefined;
}

/**
 * to_date(s, 'pattern'), to_timestamp(s, 'pattern') (try_to_timestamp too), unix_timestamp(s, 'pattern') → the macro with the
 * pattern turned into a strptime format; a call without a pattern is left to the rename
 */
export function parseWithPattern(call: Call): Token[] | undefined {
  const fn = call.name.toLowerCase();
  if (call.args.length !== 2) return undefined;
  return withPattern(call, FUNCTION_RENAMES[fn], fn, (text) => strptimePattern(text, fn));
}

/** the parts extract takes (engine/spark-functions.ts spark_extract_<part>), each with its other names in Spark (DatePart's) */
const EXTRACT_PART_ALIASES: Readonly<Record<string, readonly string[]>> = {
  year: ["y", "years", "yr", "yrs"], yearofweek: [], quarter: ["qtr"], month: ["mon", "mons", "months"], week: ["w", "weeks"], day: ["d", "days"],
  dayofweek: ["dow"], dayofweek_iso: ["dow_iso"], doy: [], hour: ["h", "hours", "hr", "hrs"], minute: ["m", "min", "mins", "minutes"], second: ["s", "sec", "seconds", "secs"],
};

/** every name of extract's fields, lower-cased, by the part it names */
const EXTRACT_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EXTRACT_PART_ALIASES).flatMap(([part, aliases]) => [part, ...aliases].map((field) => [field, part])),
);

/**
 * extract(field FROM x), date_part('field', x) and datepart('field', x) as spark_extract_<part>(x, 'field', 'extract'): an INT
 * (DuckDB's a BIGINT), the day of the week from Sunday = 1 (DuckDB's dow from 0), the seconds with their fraction as a
 * DECIMAL(8,6) (DuckDB's whole seconds); the field and the call's form name the column as Spark does. A field Spark does not
 * know is left to DuckDB.
 */
export function extractField(call: Call): Token[] | undefined {
  const { tokens } = call;
  const field = tokens[2];
  const extract = field?.kind === "ident" && isWord(tokens[3], "FROM");
  const datePart = field?.kind === "string" && tokens[3]?.kind === "op" && tokens[3].value === ",";
  if (!extract && !datePart) return undefined;
  const part = EXTRACT_FIELDS[field.value.toLowerCase()];
  if (!part) return undefined;
  const { ident, op, make } = tokenMakers(call);
  const naming = [op(","), make("string", field.value), op(","), make("string", extract ? "extract" : call.name.toLowerCase())];
  return [ident(`spark_extract_${part}`), tokens[1], ...tokens.slice(4, -1), ...naming, tokens[tokens.length - 1]];
}

/** the units timestampadd and timestampdiff take, each with its length in microseconds, or in months from MONTH up */
const DATETIME_UNITS: Readonly<Record<string, { micros: bigint } | { months: number }>> = {
  MICROSECOND: { micros: 1n },
  MILLISECOND: { micros: 1_000n },
  SECOND: { micros: 1_000_000n },
  MINUTE: { micros: 60_000_000n },
  HOUR: { micros: 3_600_000_000n },
  DAY: { micros: 86_400_000_000n },
  DAYOFYEAR: { micros: 86_400_000_000n },
  WEEK: { micros: 604_800_000_000n },
  MONTH: { months: 1 },
  QUARTER: { months: 3 },
  YEAR: { months: 12 },
};

/** the unit a call's first argument names as a word, undefined when it is something else; a unit written as a string is refused as Spark refuses it */
function unitOf(call: Call): string | undefined {
  if (call.args.length !== 3) return undefined;
  const [word, end] = call.args[0];
  if (end?.kind !== "eof") return undefined;
  const unit = word.value.toUpperCase();
  if (word.kind === "string" && DATETIME_UNITS[unit]) throw sqlErrors.datetimeUnit(call.name.toLowerCase(), word.value);
  return word.kind === "ident" && DATETIME_UNITS[unit] ? unit : undefined;
}

/**
 * timestampadd(unit, n, t), and dateadd / date_add with a unit: t plus n units, a TIMESTAMP; a month
 * past the end of the shorter month lands on its last day, as Java's plusMonths does.
 */
export function timestampAdd(call: Call): Token[] | undefined {
  const unit = unitOf(call);
  if (!unit) return undefined;
  const { make, callOf } = tokenMakers(call);
  return callOf("spark_timestampadd", argBody(call.args[2]), [...callOf("spark_unit_interval", [make("string", unit)], argBody(call.args[1]))]);
}

/**
 * timestampdiff(unit, s, e), and datediff / date_diff with a unit: the whole units from s to e,
 * truncated toward zero, as Java's ChronoUnit.between counts them on UTC date-times: by microseconds
 * up to weeks, by months (a day-of-month and time of day not yet reached not counted) from months up.
 */
export function timestampDiff(call: Call): Token[] | undefined {
  const unit = unitOf(call);
  if (!unit) return undefined;
  const { make, callOf } = tokenMakers(call);
  const length = DATETIME_UNITS[unit];
  const [macro, per] = "micros" in length ? ["spark_micros_between", String(length.micros)] : ["spark_whole_months_between", String(length.months)];
  return callOf(macro, argBody(call.args[1]), argBody(call.args[2]), [make("number", per)]);
}

/** Spark's name of a timestampdiff call the translator wrote as `macro(s, e, per)` (per: the unit's microseconds or months) */
export function timestampDiffName(macro: string, [start, end, per]: string[]): string | undefined {
  const months = macro === "spark_whole_months_between";
  const unit = Object.entries(DATETIME_UNITS).find(([, length]) => (months ? "months" in length && String(length.months) === per : "micros" in length && String(length.micros) === per));
  return unit && `timestampdiff(${unit[0]}, ${start}, ${end})`;
}
