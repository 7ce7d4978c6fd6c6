/**
 * Text cast to a DATE, a TIMESTAMP or a TIMESTAMP_NTZ as Spark reads it (its DateTimeUtils' stringToDate and stringToTimestamp),
 * where DuckDB's cast refused forms Spark takes ('2024', '2024-06', '18:12:15') and took some Spark refuses ('infinity', 'epoch',
 * '2024-01-02abc' as a DATE).
 *
 * A DATE: [+-]yyyy[yyy][-m[m][-d[d]]], then a space or a T and anything after it.
 * A TIMESTAMP: [+-]yyyy[yy][-m[m][-d[d][ |T[h[h][:m[m][:s[s][.fraction][zone]]]]]], or a time alone,
 * Th[h][:m[m][:s[s][.fraction][zone]]] or h[h]:m[m][:s[s][.fraction][zone]], on the zone's today. Digits of the fraction past the sixth (microseconds) are dropped.
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

const orDefault = (part: string, value: number) => `CAST(coalesce(nullif(${part}, ''), '${value}') AS INTEGER)`;

export const DATETIME_TEXT_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO spark_date_parts(t) AS regexp_extract(t, '${DATE_FORM}', ['y', 'm', 'd'])`,
  "CREATE OR REPLACE MACRO spark_text_date(t) AS list_transform([spark_date_parts(t)], p -> CASE WHEN p.y <> '' THEN " +
    `try(make_date(CAST(p.y AS INTEGER), ${orDefault("p.m", 1)}, ${orDefault("p.d", 1)})) END)[1]`,
  "CREATE OR REPLACE MACRO spark_try_cast_date(x) AS TRY_CAST(x AS DATE), (x VARCHAR) AS spark_text_date(x)",
  "CREATE OR REPLACE MACRO spark_cast_date(x) AS CAST(x AS DATE), (x VARCHAR) AS CASE WHEN x IS NOT NULL THEN " +
    "coalesce(spark_text_date(x), error('[CAST_INVALID_INPUT] ''' || replace(x, '''', '''''') || ''' DATE')) END",

  // a zone's text with Spark's mending (+7:30 is +07:30, +07:3 is +07:03), whether it is an offset, and the offset's seconds east
  // of UTC (NULL out of Java's range)
  "CREATE OR REPLACE MACRO spark_mended_zone(z) AS regexp_replace(regexp_replace(z, '([+-])([0-9]):', '\\10\\2:'), '([+-][0-9]{2}):([0-9])$', '\\1:0\\2')",
  `CREATE OR REPLACE MACRO spark_is_offset(z) AS regexp_full_match(spark_mended_zone(z), '${OFFSET}')`,
  "CREATE OR REPLACE MACRO spark_hms_seconds(h, m, s) AS CASE WHEN m < 60 AND s < 60 AND h * 3600 + m * 60 + s <= 64800 THEN h * 3600 + m * 60 + s END",
  `CREATE OR REPLACE MACRO spark_offset_seconds(z) AS list_transform([regexp_extract(spark_mended_zone(z), '^(?:${OFFSET})$', ['sign', 'digits'])], ` +
    "o -> list_transform([replace(o.digits, ':', '')], d -> CASE WHEN o.sign = '' THEN 0 ELSE CASE o.sign WHEN '-' THEN -1 ELSE 1 END * " +
    `spark_hms_seconds(CAST(CASE WHEN length(d) <= 2 THEN d ELSE left(d, 2) END AS INTEGER), ${orDefault("substr(d, 3, 2)", 0)}, ${orDefault("substr(d, 5, 2)", 0)}) END)[1])[1]`,
  // a region's name of the form Java's ZoneId takes, that DuckDB's time zones know
  "CREATE OR REPLACE MACRO spark_known_region(z) AS regexp_full_match(z, '[A-Za-z][A-Za-z0-9~/._+-]+') AND try_strptime('2000-01-01 ' || z, '%Y-%m-%d %Z') IS NOT NULL",
  // the instant of a wall clock in zone z ('' the session's), NULL for a zone Spark does not read
  "CREATE OR REPLACE MACRO spark_zoned_instant(wall, z) AS list_transform([wall], w -> CASE WHEN z = '' THEN CAST(w AS TIMESTAMPTZ) " +
    "WHEN spark_is_offset(z) THEN timezone('UTC', w - to_seconds(spark_offset_seconds(z))) WHEN spark_known_region(z) THEN timezone(z, w) END)[1]",
  // today in zone z, the day of a time alone
  "CREATE OR REPLACE MACRO spark_zone_today(z) AS CASE WHEN z = '' THEN current_date " +
    "WHEN spark_is_offset(z) THEN CAST(timezone('UTC', now()) + to_seconds(spark_offset_seconds(z)) AS DATE) WHEN spark_known_region(z) THEN CAST(timezone(z, now()) AS DATE) END",

  `CREATE OR REPLACE MACRO spark_timestamp_parts(t) AS CASE WHEN regexp_matches(t, '${TIME_ALONE}') THEN regexp_extract(t, '${TIME_FORM}', ${PARTS}) ` +
    `ELSE regexp_extract(t, '${TIMESTAMP_FORM}', ${PARTS}) END`,
  // the wall clock of spark_timestamp_parts' fields, NULL where they are none
  "CREATE OR REPLACE MACRO spark_wall_clock(p) AS CASE WHEN (p.y <> '' OR p.h <> '') AND " +
    `${orDefault("p.h", 0)} < 24 AND ${orDefault("p.mi", 0)} < 60 AND ${orDefault("p.s", 0)} < 60 THEN ` +
    `try(CASE WHEN p.y = '' THEN spark_zone_today(p.z) ELSE make_date(CAST(p.y AS INTEGER), ${orDefault("p.mo", 1)}, ${orDefault("p.d", 1)}) END + ` +
    `make_time(${orDefault("p.h", 0)}, ${orDefault("p.mi", 0)}, 0)) + ` +
    `to_microseconds(CAST(${orDefault("p.s", 0)} AS BIGINT) * 1000000 + CAST(rpad(left(p.f, 6), 6, '0') AS BIGINT)) END`,
  "CREATE OR REPLACE MACRO spark_text_timestamp(t) AS list_transform([spark_timestamp_parts(t)], p -> spark_zoned_instant(spark_wall_clock(p), p.z))[1]",
  "CREATE OR REPLACE MACRO spark_text_timestamp_ntz(t) AS list_transform([spark_timestamp_parts(t)], p -> CASE WHEN p.y <> '' AND " +
    "(p.z = '' OR spark_zoned_instant(TIMESTAMP '2000-01-01', p.z) IS NOT NULL) THEN spark_wall_clock(p) END)[1]",
  ...(["timestamp", "timestamp_ntz"] as const).flatMap((type) => {
    const duck = type === "timestamp" ? "TIMESTAMPTZ" : "TIMESTAMP";
    return [
      `CREATE OR REPLACE MACRO spark_try_cast_${type}(x) AS TRY_CAST(x AS ${duck}), (x VARCHAR) AS spark_text_${type}(x)`,
      `CREATE OR REPLACE MACRO spark_cast_${type}(x) AS CAST(x AS ${duck}), (x VARCHAR) AS CASE WHEN x IS NOT NULL THEN ` +
        `coalesce(spark_text_${type}(x), error('[CAST_INVALID_INPUT] ''' || replace(x, '''', '''''') || ''' ${type.toUpperCase()}')) END`,
    ];
  }),

  // a date or time function's argument (sql/datetime-arguments.ts): a string read as a cast reads it, any other value as it is
  "CREATE OR REPLACE MACRO spark_as_date(x) AS x, (x VARCHAR) AS spark_cast_date(x)",
  "CREATE OR REPLACE MACRO spark_as_timestamp(x) AS x, (x VARCHAR) AS spark_cast_timestamp(x)",

  // Spark's special values of a string literal (sql/datetime-literals.ts): epoch, now, today, yesterday or tomorrow, any case, with a
  // zone after it that Spark checks and does not use ('now' takes none); the word in lower case, NULL for other text
  "CREATE OR REPLACE MACRO spark_special_word(t) AS list_transform([regexp_extract(t, '^\\s*([A-Za-z]+)[ \\t]*(.*?)\\s*$', ['word', 'zone'])], " +
    "p -> CASE WHEN lower(p.word) IN ('epoch', 'now', 'today', 'yesterday', 'tomorrow') AND (p.zone = '' OR lower(p.word) <> 'now' AND " +
    "spark_zoned_instant(TIMESTAMP '2000-01-01', p.zone) IS NOT NULL) THEN lower(p.word) END)[1]",
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
    `CREATE OR REPLACE MACRO spark_cast_${type}_literal(x) AS coalesce(spark_special_${type}(x), spark_cast_${type}(x))`,
    `CREATE OR REPLACE MACRO spark_try_cast_${type}_literal(x) AS coalesce(spark_special_${type}(x), spark_try_cast_${type}(x))`,
    `CREATE OR REPLACE MACRO spark_typed_${type}(x) AS coalesce(spark_special_${type}(x), spark_text_${type}(x), ` +
      `error('[INVALID_TYPED_LITERAL] ''' || replace(x, '''', '''''') || ''' ${type.toUpperCase()}'))`,
  ]),
];
