/**
 * Spark's date and time functions that take a unit's word or a time zone, answered as Spark answers
 * them on UTC: timestampdiff (datediff, date_diff with a unit) counts whole units as Java's
 * ChronoUnit.between does, timestampadd (dateadd, date_add with a unit) clamps to a month's end,
 * next_day, make_timestamp (a TIMESTAMP, not a TIMESTAMP_NTZ), from_utc_timestamp, to_utc_timestamp,
 * convert_timezone, the unix_… counts from the epoch, and the cast functions double, float, boolean, timestamp, date, decimal and binary.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("date and time functions with a unit or a zone", () => {
  const { sql, ok } = sqlSession();

  it("counts whole units between two instants, a day-of-month or time of day not yet reached not counted, toward zero both ways", async () => {
    expect(
      await ok(
        "SELECT timestampdiff(HOUR, TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-02 01:30:00') AS hours, " +
          "datediff(MONTH, DATE'2024-01-31', DATE'2024-02-29') AS short_month, datediff(MONTH, DATE'2024-03-31', DATE'2024-02-29') AS back, " +
          "date_diff(YEAR, DATE'2020-02-29', DATE'2024-02-28') AS years, datediff(DAY, TIMESTAMP'2024-01-02 10:00:00', TIMESTAMP'2024-01-01 09:00:00') AS days_back, " +
          "timestampdiff(MONTH, TIMESTAMP'2024-01-15 10:00:00', TIMESTAMP'2024-02-15 09:59:59') AS month_minus_a_second, " +
          "timestampdiff(QUARTER, DATE'2024-01-01', DATE'2024-12-31') AS quarters, timestampdiff(WEEK, '2024-01-01', '2024-01-14') AS weeks, " +
          "timestampdiff(MICROSECOND, TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-01 00:00:00.000123') AS micros, " +
          "typeof(timestampdiff(SECOND, DATE'2024-01-01', DATE'2024-01-02')) AS type",
      ),
    ).toEqual([
      { hours: 25, short_month: 0, back: -1, years: 3, days_back: -1, month_minus_a_second: 0, quarters: 3, weeks: 1, micros: 123, type: "bigint" },
    ]);
    // the two-argument forms keep their meaning: days from the second date to the first
    expect(await ok("SELECT datediff(DATE'2024-03-01', DATE'2024-01-01') AS a, date_diff(DATE'2024-03-01', DATE'2024-01-01') AS b")).toEqual([{ a: 60, b: 60 }]);
    const named = await sql("SELECT timestampdiff(HOUR, TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-02 00:00:00')");
    expect(named.results.schema[0].name).toMatch(/^timestampdiff\(HOUR, /);
  });

  it("adds units to a date or timestamp, a TIMESTAMP, a month past a shorter month's end landing on its last day", async () => {
    expect(
      await ok(
        "SELECT timestampadd(MINUTE, 90, TIMESTAMP'2024-01-01 00:00:00') AS minutes, dateadd(MONTH, 1, DATE'2024-01-31') AS month_end, " +
          "date_add(QUARTER, -1, '2024-05-31') AS quarter_back, dateadd(YEAR, 1, DATE'2024-02-29') AS leap, timestampadd(DAY, CAST(1 AS BIGINT), '2024-01-01 10:00:00') AS day, " +
          "typeof(dateadd(DAY, 1, DATE'2024-01-01')) AS type, date_add(DATE'2024-01-31', 1) AS two_arguments",
      ),
    ).toEqual([
      {
        minutes: "2024-01-01T01:30:00.000000Z",
        month_end: "2024-02-29T00:00:00.000000Z",
        quarter_back: "2024-02-29T00:00:00.000000Z",
        leap: "2025-02-28T00:00:00.000000Z",
        day: "2024-01-02T10:00:00.000000Z",
        type: "timestamp",
        two_arguments: "2024-02-01",
      },
    ]);
    expect(expectError(await sql("SELECT timestampadd('MONTH', 1, DATE'2024-01-31')"))).toContain("INVALID_PARAMETER_VALUE.DATETIME_UNIT");
  });

  it("finds the next day of a week by any of its names, and refuses a name it does not know", async () => {
    expect(
      await ok(
        "SELECT next_day(DATE'2024-01-01', 'FRI') AS fri, next_day('2024-01-05', 'friday') AS next_friday, next_day(TIMESTAMP'2024-01-06 23:00:00', 'Mo') AS monday, " +
          "next_day(DATE'2024-01-01', 'MON') AS a_week_on, next_day(DATE'2024-01-01', NULL) AS none",
      ),
    ).toEqual([{ fri: "2024-01-05", next_friday: "2024-01-12", monday: "2024-01-08", a_week_on: "2024-01-08", none: null }]);
    expect(expectError(await sql("SELECT next_day(DATE'2024-01-01', 'xx')"))).toContain("[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: xx.");
  });

  it("makes timestamps and moves them between zones", async () => {
    expect(
      await ok(
        "SELECT make_timestamp(2024, 2, 29, 1, 2, 3.123456) AS made, typeof(make_timestamp(2024, 2, 29, 1, 2, 3.5)) AS type, " +
          "make_timestamp(2024, 7, 1, 2, 0, 0, 'Europe/Paris') AS in_paris, make_timestamp_ntz(2024, 2, 29, 1, 2, 3.5) AS ntz, " +
          "from_utc_timestamp(TIMESTAMP'2024-07-01 00:00:00', 'Europe/Paris') AS from_utc, to_utc_timestamp(TIMESTAMP'2024-07-01 02:00:00', 'Europe/Paris') AS to_utc, " +
          "convert_timezone('Europe/Paris', 'America/New_York', TIMESTAMP_NTZ'2024-07-01 08:00:00') AS converted, convert_timezone('Asia/Tokyo', TIMESTAMP_NTZ'2024-07-01 00:00:00') AS from_utc_ntz",
      ),
    ).toEqual([
      {
        made: "2024-02-29T01:02:03.123456Z",
        type: "timestamp",
        in_paris: "2024-07-01T00:00:00.000000Z",
        ntz: "2024-02-29T01:02:03.500000",
        from_utc: "2024-07-01T02:00:00.000000Z",
        to_utc: "2024-07-01T00:00:00.000000Z",
        converted: "2024-07-01T02:00:00.000000",
        from_utc_ntz: "2024-07-01T09:00:00.000000",
      },
    ]);
  });

  it("counts from the epoch as Spark does, rounding down before 1970, and casts with Spark's cast functions", async () => {
    expect(
      await ok(
        "SELECT unix_millis(TIMESTAMP'2024-01-01 00:00:00.123') AS millis, unix_millis(TIMESTAMP'1969-12-31 23:59:59.9995') AS before_epoch, " +
          "unix_seconds(TIMESTAMP'2024-01-01 00:00:01') AS seconds, unix_date(DATE'1970-01-02') AS days, typeof(unix_date(DATE'1970-01-02')) AS days_type, " +
          "date_from_unix_date(1) AS date, to_unix_timestamp('2024-01-01', 'yyyy-MM-dd') AS parsed, to_unix_timestamp('2024-01-01 00:00:01') AS default_pattern",
      ),
    ).toEqual([{ millis: 1704067200123, before_epoch: -1, seconds: 1704067201, days: 1, days_type: "int", date: "1970-01-02", parsed: 1704067200, default_pattern: 1704067201 }]);
    expect(await ok("SELECT double('1.5') AS d, float('1.5') AS f, typeof(float('1.5')) AS ft, boolean('t') AS b, timestamp('2024-01-01') AS ts")).toEqual([
      { d: 1.5, f: 1.5, ft: "float", b: true, ts: "2024-01-01T00:00:00.000000Z" },
    ]);
    // decimal(x) a DECIMAL(10,0) rounded half up, binary(x) the text's UTF-8 bytes, where DuckDB took decimal( for a type and knew no binary
    expect(await ok("SELECT decimal('1.5') AS half, typeof(decimal(2.25)) AS type, binary('ab') AS bytes, date('2024-3') AS day")).toEqual([
      { half: "2", type: "decimal(10,0)", bytes: "YWI=", day: "2024-03-01" },
    ]);
  });
  it("truncates to a unit as date_trunc does, a TIMESTAMP, any case of Spark's formats, NULL for one it does not know", async () => {
    expect(
      await ok(
        "SELECT date_trunc('MONTH', DATE'2024-03-15') AS month, date_trunc('mm', TIMESTAMP'2024-03-15 10:11:12') AS mm, date_trunc('WEEK', '2024-03-15 10:11:12') AS week, " +
          "date_trunc('HOUR', TIMESTAMP'2024-03-15 10:11:12') AS hour, date_trunc('QUARTER', DATE'2024-03-15') AS quarter, date_trunc('nope', DATE'2024-03-15') AS nope, " +
          "typeof(date_trunc('DD', DATE'2024-03-15')) AS type, trunc(DATE'2024-03-15', 'MM') AS trunc_month, trunc(DATE'2024-03-15', 'DAY') AS trunc_day",
      ),
    ).toEqual([
      {
        month: "2024-03-01T00:00:00.000000Z",
        mm: "2024-03-01T00:00:00.000000Z",
        week: "2024-03-11T00:00:00.000000Z",
        hour: "2024-03-15T10:00:00.000000Z",
        quarter: "2024-01-01T00:00:00.000000Z",
        nope: null,
        type: "timestamp",
        trunc_month: "2024-03-01",
        trunc_day: null,
      },
    ]);
  });

  it("names the workspace's user for current_user(), user() and session_user(), bare current_user too, each column named as Spark names it", async () => {
    const answer = await sql("SELECT current_user(), user(), session_user(), current_user, current_catalog(), current_database()");
    expect(answer.results.schema.map((c: { name: string }) => c.name)).toEqual(["current_user()", "user()", "session_user()", "current_user()", "current_catalog()", "current_database()"]);
    expect(answer.results.data).toEqual([["local-user@localhost", "local-user@localhost", "local-user@localhost", "local-user@localhost", "hive_metastore", "default"]]);
    // a column of that name, qualified, is the column
    expect(await ok("SELECT t.current_user AS who FROM VALUES ('someone') t(current_user)")).toEqual([{ who: "someone" }]);
  });

});
