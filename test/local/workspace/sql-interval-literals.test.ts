/**
 * Spark's interval literals beyond one unit, as a notebook writes them: several units (`INTERVAL 1 DAY 2 HOURS`),
 * a range of units (`INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO MONTH`) and units in the string
 * (`INTERVAL '1 day 2 hours'`), with Spark's refusals: year-month units beside day-time ones, a fraction of any unit but a
 * second, a string that does not match its range's form, a field out of its range. A date plus or minus one is a DATE or a
 * TIMESTAMP as Spark types it.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("interval literals", () => {
  const { sql, ok } = sqlSession();
  const at = (interval: string, from = "TIMESTAMP'2024-01-01 00:00:00'") => `${from} + ${interval}`;

  it("adds several units, each signed on its own, weeks, milliseconds and microseconds among them", async () => {
    expect(
      await ok(
        `SELECT ${at("INTERVAL 1 DAY 2 HOURS 3 MINUTES 4.5 SECONDS")} AS several, ${at("INTERVAL -2 HOUR '3' MINUTE")} AS signed, ` +
          `${at("INTERVAL 1 WEEK 2 MILLISECONDS 3 MICROSECONDS")} AS small, ${at("INTERVAL '1' YEAR '2' MONTHS", "TIMESTAMP'2024-01-31 10:00:00'")} AS months, ` +
          `${at("INTERVAL 1 DAY - INTERVAL 1 HOUR 30 MINUTES")} AS difference`,
      ),
    ).toEqual([
      {
        several: "2024-01-02T02:03:04.500000Z",
        signed: "2023-12-31T22:03:00.000000Z",
        small: "2024-01-08T00:00:00.002003Z",
        months: "2025-03-31T10:00:00.000000Z",
        difference: "2024-01-01T22:30:00.000000Z",
      },
    ]);
    // a column of one unit named as Spark names it
    const names = Object.keys((await ok("SELECT INTERVAL 1 DAY, INTERVAL 2 HOURS, INTERVAL 3 MONTH, INTERVAL 2 WEEK, INTERVAL 5 SECOND, INTERVAL 10 MILLISECONDS"))[0]);
    expect(names).toEqual(["INTERVAL '1' DAY", "INTERVAL '02' HOUR", "INTERVAL '3' MONTH", "INTERVAL '14' DAY", "INTERVAL '05' SECOND", "INTERVAL '00.01' SECOND"]);
    // one unit with a fraction of a second, which DuckDB's parser does not read
    expect(await ok(`SELECT ${at("INTERVAL 1.25 SECONDS")} AS one, ${at("INTERVAL -0.5 SECOND")} AS negative`)).toEqual([
      { one: "2024-01-01T00:00:01.250000Z", negative: "2023-12-31T23:59:59.500000Z" },
    ]);
    expect(await ok(`SELECT count(*) AS n FROM VALUES (TIMESTAMP'2024-01-02 03:00:00'), (TIMESTAMP'2024-01-02 01:00:00') t(ts) WHERE ts > ${at("INTERVAL 1 DAY 2 HOURS")}`)).toEqual([
      { n: 1 },
    ]);
  });

  it("reads a range's string in the range's form, the first field any size, a fraction of a second to microseconds", async () => {
    expect(
      await ok(
        `SELECT ${at("INTERVAL '1 02:03:04.123456789' DAY TO SECOND")} AS day_second, ${at("INTERVAL '-1 02:03:04' DAY TO SECOND")} AS negative, ` +
          `${at("INTERVAL '25:30' HOUR TO MINUTE")} AS hours, ${at("INTERVAL '90:05.5' MINUTE TO SECOND")} AS minutes, ${at("INTERVAL '3 4' DAY TO HOUR")} AS day_hour, ` +
          `${at("INTERVAL '2 10:20' DAY TO MINUTE")} AS day_minute, ${at("INTERVAL '1:02:03' HOUR TO SECOND")} AS hour_second, ` +
          `${at("INTERVAL '2-3' YEAR TO MONTH", "TIMESTAMP'2024-01-31 10:00:00'")} AS years, ${at("INTERVAL -'1-2' YEAR TO MONTH")} AS negated`,
      ),
    ).toEqual([
      {
        day_second: "2024-01-02T02:03:04.123456Z",
        negative: "2023-12-30T21:56:56.000000Z",
        hours: "2024-01-02T01:30:00.000000Z",
        minutes: "2024-01-01T01:30:05.500000Z",
        day_hour: "2024-01-04T04:00:00.000000Z",
        day_minute: "2024-01-03T10:20:00.000000Z",
        hour_second: "2024-01-01T01:02:03.000000Z",
        years: "2026-04-30T10:00:00.000000Z",
        negated: "2022-11-01T00:00:00.000000Z",
      },
    ]);
  });

  it("reads units written in the string, with or without the word interval", async () => {
    expect(await ok(`SELECT ${at("INTERVAL '1 day 2 hours'")} AS a, ${at("INTERVAL 'interval 3 minutes -1 second'")} AS b, ${at("INTERVAL '1 year 1 month'")} AS c`)).toEqual([
      { a: "2024-01-02T02:00:00.000000Z", b: "2024-01-01T00:02:59.000000Z", c: "2025-02-01T00:00:00.000000Z" },
    ]);
  });

  it("keeps one unit as it was, and an interval's value whole", async () => {
    expect(await ok(`SELECT ${at("INTERVAL 1 DAY")} AS a, ${at("INTERVAL '3' HOUR")} AS b, ${at("INTERVAL -3 HOURS")} AS c`)).toEqual([
      { a: "2024-01-02T00:00:00.000000Z", b: "2024-01-01T03:00:00.000000Z", c: "2023-12-31T21:00:00.000000Z" },
    ]);
    // days and the time past them, not hours beyond 24, both of the interval's sign
    expect(
      await ok(
        "SELECT extract(DAY FROM INTERVAL '1 02:03:04' DAY TO SECOND) AS d, extract(HOUR FROM INTERVAL '1 02:03:04' DAY TO SECOND) AS h, " +
          "extract(HOUR FROM INTERVAL '-1 02:03:04' DAY TO SECOND) AS negative_h, extract(MONTH FROM INTERVAL 1 YEAR 14 MONTHS) AS m",
      ),
    ).toEqual([{ d: 1, h: 2, negative_h: -2, m: 2 }]);
  });

  it("keeps a date a date plus or minus whole days or months, and makes it a timestamp plus a time, as Spark types them", async () => {
    expect(
      await ok(
        "SELECT DATE'2024-01-31' + INTERVAL 1 MONTH AS month_end, DATE'2024-01-31' - INTERVAL '1-1' YEAR TO MONTH AS back, DATE'2024-01-31' + INTERVAL 2 WEEKS AS weeks, " +
          "DATE'2024-01-31' + INTERVAL 2 HOURS AS hours, DATE'2024-01-31' - INTERVAL '1 02' DAY TO HOUR AS day_hour, DATE'2024-01-31' + 1 + INTERVAL 1 DAY AS sum, " +
          "TIMESTAMP'2024-01-31 10:00:00' + INTERVAL 1 DAY AS timestamp, CAST('2024-01-31 10:00:00' AS TIMESTAMP_NTZ) + INTERVAL 1 MONTH AS ntz, " +
          "typeof(DATE'2024-01-31' + INTERVAL 1 DAY) AS date_type, typeof(DATE'2024-01-31' + INTERVAL 1 DAY 2 HOURS) AS time_type",
      ),
    ).toEqual([
      {
        month_end: "2024-02-29",
        back: "2022-12-31",
        weeks: "2024-02-14",
        hours: "2024-01-31T02:00:00.000000Z",
        day_hour: "2024-01-29T22:00:00.000000Z",
        sum: "2024-02-02",
        timestamp: "2024-02-01T10:00:00.000000Z",
        ntz: "2024-02-29T10:00:00.000000",
        date_type: "date",
        time_type: "timestamp",
      },
    ]);
    // a table made from it has a DATE column, and an outer query's date in a subquery is typed too
    await ok("CREATE TABLE next_days AS SELECT DATE'2024-01-31' + INTERVAL 1 DAY AS next_day");
    expect(await ok("DESCRIBE next_days")).toEqual([{ col_name: "next_day", data_type: "date", comment: null }]);
    expect(await ok("SELECT (SELECT max(v) FROM VALUES (DATE'2024-01-01'), (DATE'2024-01-03') t(v) WHERE v < o.d + INTERVAL 1 DAY) AS latest FROM VALUES (DATE'2024-01-01') o(d)")).toEqual([
      { latest: "2024-01-01" },
    ]);
  });

  it("makes a date minus a date an interval of days, as Spark does, whose days extract reads", async () => {
    expect(
      await ok("SELECT d1 - d2 AS gap, typeof(d1 - d2) AS t, extract(DAY FROM d1 - d2) AS days FROM VALUES (DATE'2024-03-01', DATE'2024-02-01'), (NULL, DATE'2024-02-01') AS v(d1, d2)"),
    ).toEqual([
      { gap: "29 days", t: "interval", days: 29 },
      { gap: null, t: "interval", days: null },
    ]);
  });

  it("refuses what Spark refuses, saying what is wrong", async () => {
    const refusals: [string, string][] = [
      ["INTERVAL 1 MONTH 2 HOURS", "Cannot mix year-month and day-time fields: INTERVAL 1 MONTH 2 HOURS"],
      ["INTERVAL '1 year 2 seconds'", "Cannot mix year-month and day-time fields: INTERVAL '1 year 2 seconds'"],
      ["INTERVAL 1.5 DAY", "'day' cannot have fractional part"],
      ["INTERVAL '1 02:03' DAY TO SECOND", "does not match day-time format of `[+|-]d h:m:s.n` when cast to interval day to second: 1 02:03"],
      ["INTERVAL '1 24:00:00' DAY TO SECOND", "hour 24 outside range [0, 23]"],
      ["INTERVAL '1-12' YEAR TO MONTH", "month 12 outside range [0, 11]"],
      ["INTERVAL 1 DAY TO HOUR", "The value of from-to unit must be a string"],
      ["INTERVAL '1 2' MONTH TO DAY", "Intervals FROM month TO day are not supported"],
      ["INTERVAL '1 DAY 2' HOUR", "Can only use numbers in the interval value part for multiple unit value pairs interval form, but got invalid value: 1 DAY 2"],
      ["INTERVAL '1 daysss'", `The value of the typed literal "INTERVAL" is invalid: '1 daysss'`],
      ["INTERVAL 3000000000 MONTHS 1 YEAR", "overflows"],
    ];
    for (const [literal, message] of refusals) {
      const summary = expectError(await sql(`SELECT ${literal} AS i`));
      expect(summary, literal).toContain("ParseException");
      expect(summary, literal).toContain(message);
    }
  });
});
