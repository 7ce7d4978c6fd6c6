/** Date and time functions (AEP: now, timestamp, format, dformat, date, date_part, set_date_part, make_date_time, zone_date_to_utc, zone_date_to_zone). */
import { defaultsOffset, formatWithPattern, parseWithDefaults, parseWithPattern, patternOffset } from "../date-patterns.js";
import { ExpressionError } from "../errors.js";
import { asInstant, asInteger, constantText, isText, nullOnError, TIMESTAMPTZ, type Typed, typed } from "../typed.js";
import { eitherZone, instantOfWallTime, localWallTime, namedZone, type Zone } from "../zoned-date.js";
import type { ElFunction } from "./function.js";

const category = "date and time" as const;
const instant = (t: Typed) => asInstant(t, parseWithDefaults);
/** the zone of a date argument: a string read with AEP's default patterns keeps the offset it was written with */
const zoneOf = (t: Typed): Zone | undefined => (isText(t) ? offsetZone(defaultsOffset(t.sql)) : t.zone);
const offsetZone = (minutes: string | undefined): Zone | undefined => (minutes === undefined ? undefined : { offsetMinutes: minutes });
/** the date's wall time in its zone, which its fields are read from */
const local = (t: Typed) => localWallTime(instant(t), zoneOf(t));
/** a date's part as DuckDB's date functions take it, a BIGINT: one past its range (a HUGEINT's) is null, no date */
const datePartNumber = (t: Typed) => (BIGINT_OR_NARROWER.has(t.type) ? asInteger(t) : `TRY_CAST(${asInteger(t)} AS BIGINT)`);
const BIGINT_OR_NARROWER = new Set(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"]);
const dated = (sql: string, zone: Zone | undefined): Typed => (zone ? { ...typed(sql, TIMESTAMPTZ), zone } : typed(sql, TIMESTAMPTZ));

const DATE_PARTS: Record<string, string> = {};
for (const [part, names] of Object.entries({
  year: ["year", "yyyy", "yy"],
  quarter: ["quarter", "qq", "q"],
  month: ["month", "mm", "m"],
  dayofyear: ["dayofyear", "dy", "y"],
  day: ["day", "dd", "d"],
  week: ["week", "ww", "w"],
  isodow: ["weekday", "dw"],
  hour: ["hour", "hh", "hh24"],
  hour12: ["hh12"],
  minute: ["minute", "mi", "n"],
  second: ["second", "ss", "s"],
  millisecond: ["millisecond", "ms", "sss"],
})) {
  for (const name of names) DATE_PARTS[name] = part;
}
const SETTABLE_PARTS = ["year", "month", "day", "hour", "minute", "second"];

function component(t: Typed, fn: string): string {
  const name = constantText(t, `the COMPONENT of ${fn}`);
  const part = Object.hasOwn(DATE_PARTS, name.toLowerCase()) ? DATE_PARTS[name.toLowerCase()] : undefined;
  if (!part) throw new ExpressionError(`${fn}: "${name}" is not a date component (year, quarter, month, dayofyear, day, week, weekday, hour, minute, second, millisecond)`);
  return part;
}

/** a zone ID ICU knows under an older name (Asia/Calcutta for Asia/Kolkata): Intl lists only one of them */
function isZoneAlias(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** the zone IDs of the time zone database without a slash that Java's ZoneId takes (ICU takes others, PST among them, which Java does not) */
const UNSLASHED_ZONES = new Set(
  ("CET CST6CDT Cuba EET EST EST5EDT Egypt Eire GB GB-Eire GMT GMT0 Greenwich HST Hongkong Iceland Iran Israel Jamaica Japan Kwajalein Libya MET MST " +
    "MST7MDT NZ NZ-CHAT Navajo PRC PST8PDT Poland Portugal ROC ROK Singapore Turkey UCT UTC Universal W-SU WET Zulu").split(" "),
);

/** a fixed offset as Java's ZoneId reads one, in minutes: Z, ±h, ±hh, ±hh:mm, ±hhmm (±hh:mm:ss with no seconds), after UTC, GMT or UT too */
function fixedOffsetMinutes(name: string): number | undefined {
  if (name === "Z") return 0;
  const offset = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2})(?::?(00))?)?$/.exec(name);
  if (!offset || (offset[2].length === 1 && offset[3] !== undefined)) return undefined;
  const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
  if (Number(offset[3] ?? 0) > 59 || minutes > 18 * 60) return undefined;
  return offset[1] === "-" ? -minutes : minutes;
}

/** the zone a function's literal zone names: a region of the time zone database, or a fixed offset (UTC and a zero offset none) */
function zone(t: Typed, fn: string): Zone | undefined {
  const name = constantText(t, `the time zone of ${fn}`);
  const offset = fixedOffsetMinutes(name);
  if (offset !== undefined) return offset === 0 ? undefined : { offsetMinutes: String(offset) };
  const known = UNSLASHED_ZONES.has(name) || Intl.supportedValuesOf("timeZone").includes(name) || isZoneAlias(name);
  if (!known) throw new ExpressionError(`${fn}: "${name}" is not a time zone (a region such as "Europe/Paris", "UTC", or an offset such as "+05:30" or "GMT-8")`);
  return namedZone(name);
}

function datePart(args: readonly Typed[]): Typed {
  const part = component(args[0], "date_part");
  const value = local(args[1]);
  if (part === "hour12") return typed(`(hour(${value}) % 12)::INTEGER`, "INTEGER");
  if (part === "millisecond") return typed(`(millisecond(${value}) % 1000)::INTEGER`, "INTEGER");
  return typed(`date_part('${part}', ${value})::INTEGER`, "INTEGER");
}

function setDatePart(args: readonly Typed[]): Typed {
  const part = component(args[0], "set_date_part");
  if (!SETTABLE_PARTS.includes(part)) throw new ExpressionError(`set_date_part: the component "${constantText(args[0], "")}" cannot be set`);
  const value = local(args[2]);
  const zone = zoneOf(args[2]);
  const fields = SETTABLE_PARTS.map((p) => (p === part ? datePartNumber(args[1]) : `${p}(${value})`));
  return dated(nullOnError(instantOfWallTime(`make_timestamp(${fields.join(", ")})`, zone)), zone);
}

function parseDate(args: readonly Typed[]): Typed {
  const input = args[0];
  const format = isText(input) && args[1] ? constantText(args[1], "the FORMAT of date") : undefined;
  const parsed = format === undefined ? dated(instant(input), zoneOf(input)) : dated(parseWithPattern(input.sql, format), offsetZone(patternOffset(input.sql, format)));
  if (!args[2]) return parsed;
  // AEP: DEFAULT_DATE is "returned, if the date provided is null"; a string that matches no pattern is null
  const fallback = dated(instant(args[2]), zoneOf(args[2]));
  const isNull = `${input.sql} IS NULL`;
  return dated(`(CASE WHEN ${isNull} THEN ${fallback.sql} ELSE ${parsed.sql} END)`, eitherZone(isNull, fallback, parsed));
}

const DATE_PARAMETER = "DATE: Required The string that represents the date.";
const FORMAT_PARAMETER = "FORMAT: The string representing the format of the source date (not the format to convert it into). Without it, AEP's default patterns are tried in order.";

export const DATE_TIME_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "now",
    category,
    syntax: "now()",
    description: "Retrieves the current time.",
    parameters: [],
    arity: [0, 0],
    rowSafe: true,
    example: { expression: "now()", result: "2021-10-26T10:10:24Z", resultPattern: "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$", note: "the current time" },
    compile: () => typed("get_current_timestamp()", TIMESTAMPTZ),
  },
  {
    name: "timestamp",
    category,
    syntax: "timestamp()",
    description: "Retrieves the current Unix time (milliseconds).",
    parameters: [],
    arity: [0, 0],
    rowSafe: true,
    example: { expression: "timestamp()", result: 1571850624571, resultPattern: "^\\d{13}$", note: "the current time" },
    compile: () => typed("epoch_ms(get_current_timestamp())", "BIGINT"),
  },
  {
    name: "format",
    category,
    syntax: "format(DATE, FORMAT)",
    description: "Formats the input date according to a specified format (Java date pattern letters; the date is written in its zone, UTC when it has none).",
    parameters: ["DATE: Required The input date that you want to format.", "FORMAT: Required The format that you want the date to be changed to."],
    arity: [2, 2],
    rowSafe: true,
    example: {
      expression: 'format(date("2019-10-23T11:24:00+00:00"), "yyyy-MM-dd HH:mm:ss")',
      result: "2019-10-23 11:24:00",
      note: "AEP's page writes the date as a bare 2019-10-23T11:24:00+00:00 and shows 11:24:35",
    },
    compile: (args) => typed(formatWithPattern(instant(args[0]), constantText(args[1], "the FORMAT of format"), zoneOf(args[0])), "VARCHAR"),
  },
  {
    name: "dformat",
    category,
    syntax: "dformat(TIMESTAMP, FORMAT)",
    description: "Converts a timestamp (milliseconds since the epoch) to a date string according to a specified format.",
    parameters: ["TIMESTAMP: Required The timestamp you want to format. This is written in milliseconds.", "FORMAT: Required The format that you want the timestamp to become."],
    arity: [2, 2],
    rowSafe: true,
    example: { expression: "dformat(1571829875000, \"yyyy-MM-dd'T'HH:mm:ss.SSSX\")", result: "2019-10-23T11:24:35.000Z" },
    compile: (args) => typed(formatWithPattern(nullOnError(`epoch_ms(${datePartNumber(args[0])})::${TIMESTAMPTZ}`), constantText(args[1], "the FORMAT of dformat")), "VARCHAR"),
  },
  {
    name: "date",
    category,
    syntax: "date(DATE, FORMAT, DEFAULT_DATE)",
    description: "Converts a date string into a ZonedDateTime object (ISO 8601 format). FORMAT and DEFAULT_DATE are optional; DEFAULT_DATE is returned when the date is null (a string that matches no pattern is null).",
    parameters: [DATE_PARAMETER, FORMAT_PARAMETER, "DEFAULT_DATE: Optional The default date returned, if the date provided is null."],
    arity: [1, 3],
    rowSafe: true,
    example: { expression: 'date("2019-10-23 11:24", "yyyy-MM-dd HH:mm", now())', result: "2019-10-23T11:24:00Z" },
    compile: parseDate,
  },
  {
    name: "date_part",
    category,
    syntax: "date_part(COMPONENT, DATE)",
    description: "Retrieves the parts of the date: year (yyyy, yy), quarter (qq, q), month (mm, m), dayofyear (dy, y), day (dd, d), week (ww, w), weekday (dw), hour (hh, hh24, hh12), minute (mi, n), second (ss, s), millisecond (SSS).",
    parameters: ["COMPONENT: Required A string representing the part of the date.", "DATE: Required The date, in a standard format."],
    arity: [2, 2],
    rowSafe: true,
    example: { expression: 'date_part("MM", date("2019-10-17 11:55:12"))', result: 10 },
    compile: datePart,
  },
  {
    name: "set_date_part",
    category,
    syntax: "set_date_part(COMPONENT, VALUE, DATE)",
    description: "Replaces a component in a given date: year (yyyy, yy), month (mm, m), day (dd, d), hour (hh), minute (mi, n), second (ss, s).",
    parameters: ["COMPONENT: Required A string representing the part of the date.", "VALUE: Required The value to set for the component for a given date.", "DATE: Required The date, in a standard format."],
    arity: [3, 3],
    rowSafe: true,
    example: { expression: 'set_date_part("m", 4, date("2016-11-09T11:44:44.797"))', result: "2016-04-09T11:44:44Z", note: "AEP's page leaves the call unclosed" },
    compile: setDatePart,
  },
  {
    name: "make_date_time",
    aliases: ["make_timestamp"],
    category,
    syntax: "make_date_time(YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, NANOSECOND, TIMEZONE)",
    description: "Creates a date from parts, in the given time zone.",
    parameters: [
      "YEAR: Required The year, written in four digits.",
      "MONTH: Required The month. The allowed values are 1 to 12.",
      "DAY: Required The day. The allowed values are 1 to 31.",
      "HOUR: Required The hour. The allowed values are 0 to 23.",
      "MINUTE: Required The minute. The allowed values are 0 to 59.",
      "SECOND: Required The second. The allowed values are 0 to 59.",
      "NANOSECOND: Required The nanosecond values. The allowed values are 0 to 999999999 (kept to the microsecond).",
      "TIMEZONE: Required The timezone for the date time.",
    ],
    arity: [8, 8],
    rowSafe: true,
    example: {
      expression: 'make_date_time(2019, 10, 17, 11, 55, 12, 999, "UTC")',
      result: "2019-10-17T11:55:12Z",
      note: 'AEP\'s page passes "America/Los_Angeles" and shows the wall time with Z; 11:55:12 in Los Angeles is 18:55:12Z',
    },
    compile: (args) => {
      const parts = args.slice(0, 5).map(datePartNumber);
      const seconds = `(${datePartNumber(args[5])} + (${datePartNumber(args[6])} // 1000) / 1000000.0)`;
      const [, , , hour, minute] = parts;
      // DuckDB rolls 30 February over into March: a date that does not exist is null instead
      const exists = `try(make_date(${parts.slice(0, 3).join(", ")})) IS NOT NULL AND ${hour} BETWEEN 0 AND 23 AND ${minute} BETWEEN 0 AND 59 AND ${datePartNumber(args[5])} BETWEEN 0 AND 59`;
      const named = zone(args[7], "make_date_time");
      const wallTime = `make_timestamp(${parts.join(", ")}, ${seconds})`;
      return dated(`(CASE WHEN ${exists} THEN ${nullOnError(instantOfWallTime(wallTime, named))} END)`, named);
    },
  },
  {
    name: "zone_date_to_utc",
    category,
    syntax: "zone_date_to_utc(DATE)",
    description: "Converts a date in any timezone to a date in UTC.",
    parameters: ["DATE: Required The date that you are trying to convert."],
    arity: [1, 1],
    rowSafe: true,
    example: {
      expression: 'zone_date_to_utc(date("2019-10-17 11:55:12-0800", "yyyy-MM-dd HH:mm:ssZ"))',
      result: "2019-10-17T19:55:12Z",
      note: "AEP's page writes the date as a bare 2019-10-17T11:55:12 PST",
    },
    compile: (args) => typed(instant(args[0]), TIMESTAMPTZ),
  },
  {
    name: "zone_date_to_zone",
    category,
    syntax: "zone_date_to_zone(DATE, ZONE)",
    description: "Converts a date from one timezone to another timezone: the same instant, read and written in the new zone (a date-time field stores the instant).",
    parameters: ["DATE: Required The date that you are trying to convert.", "ZONE: Required The timezone that you are trying to convert the date to."],
    arity: [2, 2],
    rowSafe: true,
    example: {
      expression: 'zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris")',
      result: "2021-10-26T17:43:59+02:00[Europe/Paris]",
      note: "AEP's page converts now(); the date is written as Java writes a ZonedDateTime",
    },
    compile: (args) => dated(instant(args[0]), zone(args[1], "zone_date_to_zone")),
  },
];
