/**
 * Text cast to a DATE, a TIMESTAMP or a TIMESTAMP_NTZ on the local workspace, read as Spark reads it (engine/datetime-text.ts):
 * a year alone is its first day, a time alone is today's, a zone in the text says where the wall clock is, and text Spark
 * refuses ('infinity', '2024-01-02abc', a 24th hour) fails with CAST_INVALID_INPUT, or is NULL for TRY_CAST. A typed literal
 * is read the same way, and it and a cast of a string literal may be one of Spark's special values ('epoch', 'today').
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** each text Spark reads as a TIMESTAMP, and the instant it is on a session in UTC */
const TIMESTAMPS: readonly [string, string][] = [
  ["2024", "2024-01-01T00:00:00.000000Z"],
  ["2015-3", "2015-03-01T00:00:00.000000Z"],
  [" 2015-03-18 ", "2015-03-18T00:00:00.000000Z"],
  ["2015-03-18T", "2015-03-18T00:00:00.000000Z"],
  ["+2015-03-18", "2015-03-18T00:00:00.000000Z"],
  ["2015-03-18 12", "2015-03-18T12:00:00.000000Z"],
  ["2015-03-18T1:2:3", "2015-03-18T01:02:03.000000Z"],
  ["2015-03-18 12:03:17.123456789", "2015-03-18T12:03:17.123456Z"],
  ["2015-03-18T12:03:17-13:53", "2015-03-19T01:56:17.000000Z"],
  ["2015-03-18T12:03:17.5-1:0", "2015-03-18T13:03:17.500000Z"],
  ["2015-03-18 12:03:17Z", "2015-03-18T12:03:17.000000Z"],
  ["2015-03-18 12:03:17 UTC", "2015-03-18T12:03:17.000000Z"],
  ["2015-03-18T12:03:17.123121 GMT+0730", "2015-03-18T04:33:17.123121Z"],
  ["2015-03-18T12:03:17 UT+07:03", "2015-03-18T05:00:17.000000Z"],
  ["2015-03-18T12:03:17+7", "2015-03-18T05:03:17.000000Z"],
  ["2015-03-18T12:03:17.123456 Europe/Moscow", "2015-03-18T09:03:17.123456Z"],
];

/** text Spark reads as no TIMESTAMP (DuckDB read 'infinity' as an infinite instant) */
const NOT_TIMESTAMPS = [
  "infinity", "2024-01-02 10:00:00abc", "238", "2015-03-18 123142", "2015/03/18", "20150318", "2015-031-8", "1999-08 01", "2015-02-29",
  "2024-01-01 24:00:00", "2024-01-01 23:60:00", "2024-01-01 23:00:60", "2015-03-18T12Z", "2015-03-18 12:03 UTC", "2015-03-18T12:03:17-20:0",
  "2015-03-18T12:03:17-0:70", "2015-03-18T12:03:17+073", "2024-01-01 10:00:00 Nowhere/Zone", "-18:12:15", "",
];

describe("text cast to a date or a timestamp as Spark reads it", () => {
  const { sql, ok } = sqlSession();
  const one = async (query: string) => (await ok(query))[0];

  it("casts text to a DATE as Spark reads it: a year, a year and month, a date with a time after it, nothing else", async () => {
    const forms = ["2024", "2024-3", "2024-1-5", " 2024-01-02 ", "2024-01-02 10:00:00", "2024-01-02T10:00", "+2024-01-02", "2024-01-02abc", "2024-02-30", "x"];
    const read = await one(`select ${forms.map((f, k) => `try_cast('${f}' as date) as d${k}`).join(", ")}`);
    expect(Object.values(read)).toEqual(["2024-01-01", "2024-03-01", "2024-01-05", "2024-01-02", "2024-01-02", "2024-01-02", "2024-01-02", null, null, null]);
    expect(await ok("select cast('2024' as date) as y, '2024-06'::date as m, cast(date'2024-05-06' as date) as same, cast(timestamp'2024-05-06 23:00:00' as date) as day")).toEqual([
      { y: "2024-01-01", m: "2024-06-01", same: "2024-05-06", day: "2024-05-06" },
    ]);
    for (const bad of ["2024-01-02abc", "2024-02-30"]) {
      expect(expectError(await sql(`select cast('${bad}' as date)`))).toContain(`[CAST_INVALID_INPUT] The value '${bad}' of the type "STRING" cannot be cast to "DATE" because it is malformed.`);
    }
    expect(Object.keys(await one("select cast('2024' as date), try_cast('2024' as date)"))).toEqual(["CAST(2024 AS DATE)", "TRY_CAST(2024 AS DATE)"]);
  });

  it("reads each of Spark's timestamp forms, with the zone the text names or else the session's", async () => {
    const read = await one(`select ${TIMESTAMPS.map(([text], k) => `cast('${text}' as timestamp) as t${k}`).join(", ")}`);
    expect(Object.values(read)).toEqual(TIMESTAMPS.map(([, instant]) => instant));
    // from a column, and from a call whose value is read once
    expect(await ok("select cast(s as timestamp) as at, try_cast(concat(s, '-05') as timestamp) as month from values ('2024') t(s)")).toEqual([
      { at: "2024-01-01T00:00:00.000000Z", month: "2024-05-01T00:00:00.000000Z" },
    ]);
  });

  it("refuses what Spark does not read with CAST_INVALID_INPUT naming the value and the type, NULL for TRY_CAST", async () => {
    const tried = await one(`select ${NOT_TIMESTAMPS.map((text, k) => `try_cast('${text}' as timestamp) as t${k}, try_cast('${text}' as timestamp_ntz) as n${k}`).join(", ")}`);
    expect(Object.entries(tried).filter(([, value]) => value !== null)).toEqual([]);
    for (const [text, type] of [["infinity", "TIMESTAMP"], ["2024-01-02 10:00:00abc", "TIMESTAMP_NTZ"], ["18:12:15", "TIMESTAMP_NTZ"]]) {
      expect(expectError(await sql(`select cast('${text}' as ${type.toLowerCase()})`))).toContain(
        `[CAST_INVALID_INPUT] The value '${text}' of the type "STRING" cannot be cast to "${type}" because it is malformed.`,
      );
    }
  });

  it("takes a time alone as today's in its zone, and a TIMESTAMP_NTZ as the wall clock whatever the zone", async () => {
    // the same now() throughout a statement: today in the session's zone (UTC), and in Tokyo's
    expect(
      await one(
        "select cast('18:12:15' as timestamp) = make_timestamp(year(current_date()), month(current_date()), day(current_date()), 18, 12, 15) as today, " +
          "cast('T18:12:15.5 Asia/Tokyo' as timestamp) = to_utc_timestamp(make_timestamp(year(d), month(d), day(d), 18, 12, 15.5), 'Asia/Tokyo') as tokyo_today " +
          "from (select to_date(from_utc_timestamp(current_timestamp(), 'Asia/Tokyo')) as d)",
      ),
    ).toEqual({ today: true, tokyo_today: true });
    expect(await one("select cast('2024' as timestamp_ntz) as y, cast('2015-03-18T12:03:17.5-13:53' as timestamp_ntz) as zoned, '2015-03-18 12:03:17 Europe/Moscow'::timestamp_ntz as region")).toEqual({
      y: "2024-01-01T00:00:00.000000",
      zoned: "2015-03-18T12:03:17.500000",
      region: "2015-03-18T12:03:17.000000",
    });
  });

  it("reads the session's time zone where the text names none", async () => {
    await sql("SET TIME ZONE 'America/New_York'");
    try {
      expect(await one("select cast('2024-01-02 10:00' as timestamp) as local, cast('2024-01-02 10:00:00Z' as timestamp) as utc, cast('2024-07' as timestamp) as summer")).toEqual({
        local: "2024-01-02T15:00:00.000000Z",
        utc: "2024-01-02T10:00:00.000000Z",
        summer: "2024-07-01T04:00:00.000000Z",
      });
    } finally {
      await sql("SET TIME ZONE 'UTC'");
    }
  });

  it("reads a string compared with a date or a timestamp as a cast to its type reads it", async () => {
    const compared = await one(
      "select d > '2024' as after_year, d = '2024-03-01 10:00' as same_day, ts > '2024' as ts_after, ts = '2024-03-01T11:00:00+01:00' as same_instant, " +
        "'2024-03' < d as before_month, n = '2024-03-01 10:00:00 Europe/Moscow' as wall_clock, s = d as column_year, d <=> s as column_safe " +
        "from values (date'2024-03-01', timestamp'2024-03-01 10:00:00', timestamp_ntz'2024-03-01 10:00:00', '2024-03') t(d, ts, n, s)",
    );
    expect(compared).toEqual({ after_year: true, same_day: true, ts_after: true, same_instant: true, before_month: false, wall_clock: true, column_year: true, column_safe: true });
    expect(expectError(await sql("select d > '2024-01-02abc' as later from values (date'2024-03-01') t(d)"))).toContain(
      `[CAST_INVALID_INPUT] The value '2024-01-02abc' of the type "STRING" cannot be cast to "DATE" because it is malformed.`,
    );
  });

  it("reads BETWEEN's and IN's strings beside a date as casts to a date, a string between dates too", async () => {
    const read = await one(
      "select d between '2024' and '2024-3-1' as between_years, d not between '2024-03-02' and s as not_between, s between date'2024-01-01' and d as string_between, " +
        "d in ('2024-3-1', '2025') as in_list from values (date'2024-03-01', '2024-06') t(d, s)",
    );
    expect(read).toEqual({ between_years: true, not_between: true, string_between: false, in_list: true });
  });

  it("reads a date or time function's string argument as a cast does, naming the call as Spark does", async () => {
    const read = await ok(
      "select year('2024') as y, date_add('2024', 1) as next_day, datediff('2024-03', '2024') as days, month(s) as m, last_day(s) as month_end, " +
        "hour('2024-05-06T10:00:00+02:00') as h, date_format('2024-05', 'yyyy-MM-dd') as shown, months_between('2024-03', s) as months, year(d) as own " +
        "from values ('2024-02', date'2023-07-01') t(s, d)",
    );
    expect(read).toEqual([{ y: 2024, next_day: "2024-01-02", days: 60, m: 2, month_end: "2024-02-29", h: 8, shown: "2024-05-01", months: 1, own: 2023 }]);
    expect(Object.keys(await one("select year('2024'), date_add(s, 1) from values ('2024') t(s)"))).toEqual(["year(2024)", "date_add(s, 1)"]);
    expect(expectError(await sql("select date_add('2024-01-02abc', 1)"))).toContain(`[CAST_INVALID_INPUT] The value '2024-01-02abc' of the type "STRING" cannot be cast to "DATE" because it is malformed.`);
  });

  it("casts, compares and takes the parts of an outer query's column inside a subquery", async () => {
    const read = await one(
      "select (select count(*) from values (1) t(v) where cast(o.s as date) = date'2024-01-05') as cast_text, " +
        "(select count(*) from values (1) t(v) where cast(o.d as timestamp) > timestamp'2000-01-01 00:00:00') as cast_date, " +
        "(select max(w) from values (date'2024-01-01'), (date'2024-02-01') t(w) where w < o.d) as compared, " +
        "(select count(*) from values (1) t(v) where year(o.d) = 2024 and hour(o.ts) = 10) as parts " +
        "from values ('2024-01-05', date'2024-01-05', timestamp'2024-01-05 10:00:00') o(s, d, ts)",
    );
    expect(read).toEqual({ cast_text: 1, cast_date: 1, compared: "2024-01-01", parts: 1 });
  });

  it("reads a typed literal as a cast does, and fails one Spark does not read with INVALID_TYPED_LITERAL", async () => {
    expect(await one("select timestamp'2024' as a, date'2024-3' as b, timestamp_ntz'2024-06' as c, timestamp_ltz'2024-01-02 10:00:00 GMT+01:00' as d, date'2024-02-29' as e")).toEqual({
      a: "2024-01-01T00:00:00.000000Z",
      b: "2024-03-01",
      c: "2024-06-01T00:00:00.000000",
      d: "2024-01-02T09:00:00.000000Z",
      e: "2024-02-29",
    });
    for (const [literal, type, text] of [["date'2023-02-29'", "DATE", "2023-02-29"], ["timestamp 'infinity'", "TIMESTAMP", "infinity"], ["date'2024-13-01'", "DATE", "2024-13-01"]]) {
      expect(expectError(await sql(`select ${literal}`))).toContain(`[INVALID_TYPED_LITERAL] The value of the typed literal "${type}" is invalid: '${text}'. SQLSTATE: 42604`);
    }
    // named as Spark names a typed literal, its value written as Spark writes it
    expect(Object.keys(await one("select date'2024', timestamp'2024-01-02 10:00:00', date'2024-1-5', timestamp_ntz'2024-01-02 10:00:00.500', datediff(date'2024-03-01', date'2024-01-01')"))).toEqual([
      "DATE '2024-01-01'",
      "TIMESTAMP '2024-01-02 10:00:00'",
      "DATE '2024-01-05'",
      "TIMESTAMP_NTZ '2024-01-02 10:00:00.5'",
      "datediff(DATE '2024-03-01', DATE '2024-01-01')",
    ]);
  });

  it("takes Spark's special values in a typed literal and a cast of a string literal, not in a column's text", async () => {
    const special = await one(
      "select cast('epoch' as timestamp) as epoch, date'Epoch' as epoch_day, 'today'::date = current_date() as today, " +
        "try_cast(' tomorrow ' as date) = date_add(current_date(), 1) as tomorrow, cast('yesterday UTC' as date) = date_sub(current_date(), 1) as yesterday, " +
        "timestamp'now' = current_timestamp() as now, cast('today' as timestamp) = cast(current_date() as timestamp) as midnight, timestamp_ntz'epoch' as epoch_ntz",
    );
    expect(special).toEqual({ epoch: "1970-01-01T00:00:00.000000Z", epoch_day: "1970-01-01", today: true, tomorrow: true, yesterday: true, now: true, midnight: true, epoch_ntz: "1970-01-01T00:00:00.000000" });
    // 'now' takes no zone, another special value only one Java reads; a column's text is never special
    expect(await one("select try_cast('now UTC' as timestamp) as now_zoned, try_cast('epoch Nowhere/Zone' as date) as unknown_zone, try_cast(s as date) as column_text from values ('epoch') t(s)")).toEqual({
      now_zoned: null,
      unknown_zone: null,
      column_text: null,
    });
  });

  it("reads text so in the cast functions and to_… without a pattern, named as Spark names them", async () => {
    const read = await one("select timestamp('2024') as a, date('2024') as b, to_timestamp('2024-06') as c, try_to_timestamp('x') as d, to_date('2024') as e, to_timestamp_ntz('2024') as f");
    expect(read).toEqual({ a: "2024-01-01T00:00:00.000000Z", b: "2024-01-01", c: "2024-06-01T00:00:00.000000Z", d: null, e: "2024-01-01", f: "2024-01-01T00:00:00.000000" });
    expect(Object.keys(await one("select cast('2024' as timestamp), try_cast('2024' as timestamp_ntz), '2025'::timestamp"))).toEqual([
      "CAST(2024 AS TIMESTAMP)",
      "TRY_CAST(2024 AS TIMESTAMP_NTZ)",
      "CAST(2025 AS TIMESTAMP)",
    ]);
  });

  it("names a date function's column with the pattern as written, not the strftime format it is read with", async () => {
    const status = await sql(
      "select date_format(date'2024-05-06', 'yyyy-MM') as shown, to_date('2024-05', 'yyyy-MM'), from_unixtime(0, 'yyyy'), to_timestamp('2024', 'yyyy'), " +
        "unix_timestamp('2024', 'yyyy'), try_to_timestamp('2024', 'yyyy'), date_format(current_date(), 'yyyy') is not null, from_unixtime(0)",
    );
    expect([status.results.data[0][0], status.results.data[0][7]]).toEqual(["2024-05", "1970-01-01 00:00:00"]);
    expect(status.results.schema.map((c: { name: string }) => c.name)).toEqual([
      "shown", "to_date(2024-05, yyyy-MM)", "from_unixtime(0, yyyy)", "to_timestamp(2024, yyyy)", "unix_timestamp(2024, yyyy)", "try_to_timestamp(2024, yyyy)", "(date_format(current_date(), yyyy) IS NOT NULL)",
      // Spark's default pattern, which it names
      "from_unixtime(0, yyyy-MM-dd HH:mm:ss)",
    ]);
  });
});
