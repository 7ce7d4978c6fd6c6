/**
 * Text cast to a DATE, a TIMESTAMP or a TIMESTAMP_NTZ as Spark reads it (its DateTimeUtils' stringToDate and stringToTimestamp),
 * where DuckDB's cast refused forms Spark takes ('2024', '2024-06', '18:12:15') and took some Spark refuses ('infinity', a
 * column's 'epoch', '2024-01-02abc' as a DATE).
 *
 * A DATE: [+-]yyyy[yyy][-m[m][-d[d]]], then a space or a T and anything after it.
 * A TIMESTAMP: [+-]yyyy[yy][-m[m][-d[d][ |T[h[h][:m[m][:s[s][.fraction][zone]]]]]], or a time alone,
 * Th[h][:m[m][:s[s][.fraction][zone]]] or h[h]:m[m][:s[s][.fraction][zone]], on the zone's today. Digits of the fraction past
 * the sixth (microseconds) are dropped.
 * The zone, after optional white space: Z; an offset, [+-] then h, hh, hhmm, hh:mm, hhmmss or hh:mm:ss (Spark mends h: and
 * :m into 0h: and :0m first), at most 18 hours; UTC, GMT or UT, alone or before an offset; or a region's name (Europe/Moscow).
 * Without one, the session's time zone. A TIMESTAMP_NTZ reads the same text but for a time alone, and keeps the wall clock
 * whatever the zone.
 *
 * White space around is dropped. Other text, a day no calendar has, an hour past 23, a minute or second past 59, and a zone
 * Java does not read fail with CAST_INVALID_INPUT (errors.ts); TRY_CAST answers NULL.
 *
 * A string literal cast, and a typed literal (DATE 'today'), may be one of Spark's special values besides: epoch, now, today,
 * yesterday, tomorrow. A typed literal Spark does not read fails with INVALID_TYPED_LITERAL.
 */
import { failure, readOnce } from "./spark-functions.js";

/** [+-]yyyy… of a DATE, then month and day, with anything after a space or a T */
const DATE_FORM = "^\\s*([+-]?[0-9]{4,7})(?:-([0-9]{1,2})(?:-([0-9]{1,2})(?:[ T].*)?)?)?\\s*$";

/** a time of day: hour, minute, second, fraction, and the zone's text, which only a time with its seconds has */
const CLOCK = "([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]*))?(?:\\s*(\\S.*?))?)?)?";
/** a TIMESTAMP's text with a date: year, month and day, then CLOCK's groups */
const TIMESTAMP_FORM = `^\\s*([+-]?[0-9]{4,6})(?:-([0-9]{1,2})(?:-([0-9]{1,2})(?:[ T](?:${CLOCK})?)?)?)?\\s*$`;
/** a time alone (after a T, or its hour followed by a colon), with the same groups, the date's empty */
const TIME_ALONE = "^\\s*(?:T|[0-9]{1,2}:)";
const TIME_FORM = `^\\s*()()()T?${CLOCK}\\s*$`;
const PARTS = "['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z']";

/** an offset as Java's ZoneOffset.of reads it, alone or after UTC, GMT or UT, its sign and digits (colons kept); or Z, UTC, GMT, UT */
const OFFSET = "(?:UTC|GMT|UT)?([+-])([0-9]{1,2}|[0-9]{2}:?[0-9]{2}|[0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{6})|Z|UTC|GMT|UT";

/** a TIMESTAMP's text with every field of two digits (the year's four), its time's within their range (DuckDB reads 24:00:00, Spark does not), up to microseconds, no zone */
const PLAIN_TIMESTAMP = "[0-9]{4}-[0-9]{2}-[0-9]{2}[ T](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]{1,6})?";

const orDefault = (part: string, value: number) => `CAST(coalesce(nullif(${part}, ''), '${value}') AS INTEGER)`;

export const DATETIME_TEXT_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO spark_date_parts(t) AS regexp_extract(t, '${DATE_FORM}', ['y', 'm', 'd'])`,
  "CREATE OR REPLACE MACRO spark_text_date(t) AS list_transform([spark_date_parts(t)], p -> CASE WHEN p.y <> '' THEN " +
    `try(make_date(CAST(p.y AS INTEGER), ${orDefault("p.m", 1)}, ${orDefault("p.d", 1)})) END)[1]`,

  // a zone's text read once, as a struct: the session's ('' for none), an offset's seconds east of UTC (after Spark's mending:
  // +7:30 is +07:30, +07:3 is +07:03), or a region's name of the form Java's ZoneId takes that DuckDB's time zones know; all
  // NULL for a zone Spark does not read (an offset past 18 hours too)
  "CREATE OR REPLACE MACRO spark_mended_zone(z) AS regexp_replace(regexp_replace(z, '([+-])([0-9]):', '\\10\\2:'), '([+-][0-9]{2}):([0-9])$', '\\1:0\\2')",
  `CREATE OR REPLACE MACRO spark_offset_seconds(z) AS list_transform([regexp_extract(spark_mended_zone(z), '^(?:${OFFSET})$', ['sign', 'digits'])], ` +
    "o -> CASE WHEN o.sign <> '' THEN list_transform([replace(o.digits, ':', '')], d -> list_transform([[CAST(CASE WHEN length(d) <= 2 THEN d ELSE left(d, 2) END AS INTEGER), " +
    `${orDefault("substr(d, 3, 2)", 0)}, ${orDefault("substr(d, 5, 2)", 0)}]], hms -> CASE WHEN hms[2] < 60 AND hms[3] < 60 AND hms[1] * 3600 + hms[2] * 60 + hms[3] <= 64800 ` +
    "THEN (hms[1] * 3600 + hms[2] * 60 + hms[3]) * CASE o.sign WHEN '-' THEN -1 ELSE 1 END END)[1])[1] WHEN z IN ('Z', 'UTC', 'GMT', 'UT') THEN 0 END)[1]",
  "CREATE OR REPLACE MACRO spark_zone(z) AS list_transform([spark_offset_seconds(z)], s -> {'session': z = '', 'offset': s, 'region': CASE WHEN z <> '' AND s IS NULL " +
    "AND regexp_full_match(z, '[A-Za-z][A-Za-z0-9~/._+-]+') AND try_strptime('2000-01-01 ' || z, '%Y-%m-%d %Z') IS NOT NULL THEN z END})[1]",
  "CREATE OR REPLACE MACRO spark_zone_known(zone) AS zone.session OR zone.offset IS NOT NULL OR zone.region IS NOT NULL",
  // the instant of a wall clock in a spark_zone, NULL for a zone Spark does not read
  "CREATE OR REPLACE MACRO spark_zoned_instant(wall, zone) AS CASE WHEN zone.session THEN CAST(wall AS TIMESTAMPTZ) " +
    "WHEN zone.offset IS NOT NULL THEN timezone('UTC', wall - to_seconds(zone.offset)) WHEN zone.region IS NOT NULL THEN timezone(zone.region, wall) END",
  // today in a spark_zone, the day of a time alone
  "CREATE OR REPLACE MACRO spark_zone_today(zone) AS CASE WHEN zone.session THEN current_date " +
    "WHEN zone.offset IS NOT NULL THEN CAST(timezone('UTC', now()) + to_seconds(zone.offset) AS DATE) WHEN zone.region IS NOT NULL THEN CAST(timezone(zone.region, now()) AS DATE) END",

  `CREATE OR REPLACE MACRO spark_timestamp_parts(t) AS CASE WHEN regexp_matches(t, '${TIME_ALONE}') THEN regexp_extract(t, '${TIME_FORM}', ${PARTS}) ` +
    `ELSE regexp_extract(t, '${TIMESTAMP_FORM}', ${PARTS}) END`,
  // the wall clock of spark_timestamp_parts' fields p (a time alone on today in spark_zone zone), NULL where they are none
  "CREATE OR REPLACE MACRO spark_wall_clock(p, zone) AS CASE WHEN (p.y <> '' OR p.h <> '') AND " +
    `${orDefault("p.h", 0)} < 24 AND ${orDefault("p.mi", 0)} < 60 AND ${orDefault("p.s", 0)} < 60 THEN ` +
    `try(CASE WHEN p.y = '' THEN spark_zone_today(zone) ELSE make_date(CAST(p.y AS INTEGER), ${orDefault("p.mo", 1)}, ${orDefault("p.d", 1)}) END + ` +
    `make_time(${orDefault("p.h", 0)}, ${orDefault("p.mi", 0)}, 0)) + ` +
    `to_microseconds(CAST(${orDefault("p.s", 0)} AS BIGINT) * 1000000 + CAST(rpad(left(p.f, 6), 6, '0') AS BIGINT)) END`,
  "CREATE OR REPLACE MACRO spark_read_timestamp(t) AS list_transform([spark_timestamp_parts(t)], p -> list_transform([spark_zone(p.z)], zone -> " +
    "list_transform([spark_wall_clock(p, zone)], wall -> spark_zoned_instant(wall, zone))[1])[1])[1]",
  "CREATE OR REPLACE MACRO spark_read_timestamp_ntz(t) AS list_transform([spark_timestamp_parts(t)], p -> list_transform([spark_zone(p.z)], zone -> " +
    "CASE WHEN p.y <> '' AND spark_zone_known(zone) THEN spark_wall_clock(p, zone) END)[1])[1]",
  // the text most tables hold, yyyy-MM-dd HH:mm:ss[.ffffff] (or a T between), without a zone: DuckDB's cast of the wall clock, five
  // times as fast, where it reads one (a day no calendar has, an hour past 23, goes the long way, to Spark's failure)
  `CREATE OR REPLACE MACRO spark_plain_wall_clock(t) AS CASE WHEN regexp_full_match(t, '${PLAIN_TIMESTAMP}') THEN TRY_CAST(replace(t, 'T', ' ') AS TIMESTAMP) END`,
  "CREATE OR REPLACE MACRO spark_text_timestamp(t) AS coalesce(CAST(spark_plain_wall_clock(t) AS TIMESTAMPTZ), spark_read_timestamp(t))",
  "CREATE OR REPLACE MACRO spark_text_timestamp_ntz(t) AS coalesce(spark_plain_wall_clock(t), spark_read_timestamp_ntz(t))",
  // (with the type's own overload, for a value typed only with its query, an outer query's column, to match two and fail as
  // ambiguous, which sends the statement to DuckDB's operators and casts, exec/executor.ts, rather than be taken for a string)
  // a number cast to a TIMESTAMP: its seconds since the epoch, to the microsecond, rounded toward zero (an integer exactly, a
  // DECIMAL to 10 places); NaN and the infinities malformed, an instant past BIGINT's microseconds an overflow
  ...[true, false].map((tried) => {
    const [invalid, overflow] = tried ? ["NULL", "NULL"] : ["CAST_INVALID_INPUT", "CAST_OVERFLOW"].map((code) => `error('[${code}] ' || typeof(x) || '|' || CAST(x AS VARCHAR) || '|TIMESTAMP')`);
    const within = (micros: string) => `CASE WHEN abs(x) < 9223372036854 THEN timezone('UTC', make_timestamp(CAST(${micros} AS BIGINT))) ELSE ${overflow} END`;
    return (
      `CREATE OR REPLACE MACRO spark_${tried ? "try_" : ""}seconds_timestamp(x) AS NULL, (x BIGINT) AS ${within("x * 1000000")}, (x DECIMAL(38,10)) AS ${within("trunc(x * 1000000)")}, ` +
      `(x DOUBLE) AS CASE WHEN isnan(x) OR isinf(x) THEN ${invalid} ELSE ${within("trunc(x * 1000000)")} END`
    );
  }),
  ...Object.entries({ date: "DATE", timestamp: "TIMESTAMPTZ", timestamp_ntz: "TIMESTAMP" }).flatMap(([type, duck]) => {
    const numbers = (tried: boolean) =>
      type === "timestamp"
        ? ["BIGINT", "DECIMAL(38,10)", "DOUBLE"].map((t) => `, (x ${t}) AS spark_${tried ? "try_" : ""}seconds_timestamp(x)`).join("") +
          // true is a microsecond after the epoch, as Spark casts it
          ", (x BOOLEAN) AS timezone('UTC', make_timestamp(CAST(x AS BIGINT)))"
        : "";
    return [
      `CREATE OR REPLACE MACRO spark_try_cast_${type}(x) AS TRY_CAST(x AS ${duck}), (x ${duck}) AS x${numbers(true)}, (x VARCHAR) AS ${readOnce((v) => `spark_text_${type}(${v})`)}`,
      `CREATE OR REPLACE MACRO spark_cast_${type}(x) AS CAST(x AS ${duck}), (x ${duck}) AS x${numbers(false)}, (x VARCHAR) AS ` +
        readOnce((v) => `CASE WHEN ${v} IS NOT NULL THEN coalesce(spark_text_${type}(${v}), ${failure("CAST_INVALID_INPUT", v, type.toUpperCase())}) END`),
    ];
  }),

  // a date or time function's argument (sql/datetime-arguments.ts): a string read as a cast reads it, any other value as it is
  // (with the type's own overload, as the casts above)
  `CREATE OR REPLACE MACRO spark_as_date(x) AS x, (x DATE) AS x, (x VARCHAR) AS ${readOnce((v) => `spark_cast_date(${v})`)}`,
  `CREATE OR REPLACE MACRO spark_as_timestamp(x) AS x, (x TIMESTAMPTZ) AS x, (x VARCHAR) AS ${readOnce((v) => `spark_cast_timestamp(${v})`)}`,

  // Spark's special values of a string literal (sql/datetime-literals.ts): epoch, now, today, yesterday or tomorrow, any case, with a
  // zone after it that Spark checks and does not use ('now' takes none); the word in lower case, NULL for other text
  "CREATE OR REPLACE MACRO spark_special_word(t) AS list_transform([regexp_extract(t, '^\\s*([A-Za-z]+)[ \\t]*(.*?)\\s*$', ['word', 'zone'])], " +
    "p -> CASE WHEN lower(p.word) IN ('epoch', 'now', 'today', 'yesterday', 'tomorrow') AND (p.zone = '' OR lower(p.word) <> 'now' AND " +
    "spark_zone_known(spark_zone(p.zone))) THEN lower(p.word) END)[1]",
  // the day of a special value's word, in the session's zone
  "CREATE OR REPLACE MACRO spark_special_day(w) AS CASE w WHEN 'epoch' THEN DATE '1970-01-01' WHEN 'yesterday' THEN current_date - 1 " +
    "WHEN 'tomorrow' THEN current_date + 1 WHEN 'today' THEN current_date WHEN 'now' THEN current_date END",
  "CREATE OR REPLACE MACRO spark_special_date(t) AS list_transform([spark_special_word(t)], w -> spark_special_day(w))[1]",
  "CREATE OR REPLACE MACRO spark_special_timestamp(t) AS list_transform([spark_special_word(t)], w -> CASE w WHEN 'epoch' THEN TIMESTAMPTZ '1970-01-01 00:00:00+00' " +
    "WHEN 'now' THEN now() ELSE CAST(spark_special_day(w) AS TIMESTAMPTZ) END)[1]",
  "CREATE OR REPLACE MACRO spark_special_timestamp_ntz(t) AS list_transform([spark_special_word(t)], w -> CASE w WHEN 'now' THEN CAST(now() AS TIMESTAMP) " +
    "ELSE CAST(spark_special_day(w) AS TIMESTAMP) END)[1]",
  // a string literal cast (CAST('today' AS DATE)), and a typed literal (DATE 'today'), whose text Spark fails as INVALID_TYPED_LITERAL
  ...(["date", "timestamp", "timestamp_ntz"] as const).flatMap((type) => [
    `CREATE OR REPLACE MACRO spark_cast_${type}_literal(x) AS ${readOnce((v) => `coalesce(spark_special_${type}(${v}), spark_cast_${type}(${v}))`)}`,
    `CREATE OR REPLACE MACRO spark_try_cast_${type}_literal(x) AS ${readOnce((v) => `coalesce(spark_special_${type}(${v}), spark_try_cast_${type}(${v}))`)}`,
    `CREATE OR REPLACE MACRO spark_typed_${type}(x) AS ` +
      readOnce((v) => `coalesce(spark_special_${type}(${v}), spark_text_${type}(${v}), ${failure("INVALID_TYPED_LITERAL", v, type.toUpperCase())})`),
  ]),
];
