import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * Casts between a TIMESTAMP and a number, as Databricks' cast makes them: a TIMESTAMP is its seconds since the epoch (whole and
 * rounded down for an integral type, with their fraction for a DOUBLE), and a number cast to a TIMESTAMP is read as those seconds.
 */
describe("casts between a TIMESTAMP and a number", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE stamps (id INT, at TIMESTAMP, seconds BIGINT, exact DECIMAL(20,6), approx DOUBLE)");
    await ok(`INSERT INTO stamps VALUES
      (1, TIMESTAMP '2024-01-01 00:00:01.75Z', 1704067201, 1230219000.123456, 1230219000.123),
      (2, TIMESTAMP '1969-12-31 23:59:59.5Z', -1, -1.5, -0.000001),
      (3, NULL, NULL, NULL, NULL)`);
  });

  it("gives a TIMESTAMP's seconds since the epoch: whole and rounded down as a BIGINT or an INT, with their fraction as a DOUBLE", async () => {
    expect(await ok("SELECT id, CAST(at AS BIGINT) AS b, CAST(at AS INT) AS i, CAST(at AS DOUBLE) AS d, try_cast(at AS BIGINT) AS t, bigint(at) AS f FROM stamps ORDER BY id")).toEqual([
      { id: 1, b: 1704067201, i: 1704067201, d: 1704067201.75, t: 1704067201, f: 1704067201 },
      { id: 2, b: -1, i: -1, d: -0.5, t: -1, f: -1 },
      { id: 3, b: null, i: null, d: null, t: null, f: null },
    ]);
    // the same instant whatever the session's zone
    await ok("SET TIME ZONE 'Asia/Tokyo'");
    expect(await ok("SELECT CAST(at AS BIGINT) AS b FROM stamps WHERE id = 1")).toEqual([{ b: 1704067201 }]);
    await ok("SET TIME ZONE 'UTC'");
  });

  it("reads a number cast to a TIMESTAMP as seconds since the epoch, to the microsecond, an integer and a DECIMAL exactly", async () => {
    expect(await ok("SELECT id, CAST(seconds AS TIMESTAMP) AS s, CAST(exact AS TIMESTAMP) AS e, CAST(approx AS TIMESTAMP) AS a, timestamp(seconds) AS f FROM stamps ORDER BY id")).toEqual([
      { id: 1, s: "2024-01-01T00:00:01.000000Z", e: "2008-12-25T15:30:00.123456Z", a: "2008-12-25T15:30:00.123000Z", f: "2024-01-01T00:00:01.000000Z" },
      { id: 2, s: "1969-12-31T23:59:59.000000Z", e: "1969-12-31T23:59:58.500000Z", a: "1969-12-31T23:59:59.999999Z", f: "1969-12-31T23:59:59.000000Z" },
      { id: 3, s: null, e: null, a: null, f: null },
    ]);
    // a round trip keeps the instant
    expect(await ok("SELECT CAST(CAST(CAST(at AS DOUBLE) AS TIMESTAMP) = at AS STRING) AS same FROM stamps WHERE id = 1")).toEqual([{ same: "true" }]);
  });

  it("fails a value out of range with CAST_OVERFLOW and NaN with CAST_INVALID_INPUT, each in Spark's words, and try_cast answers NULL", async () => {
    expect(expectError(await sql("SELECT CAST(TIMESTAMP '2040-01-01 00:00:00.5Z' AS INT)"))).toContain(
      `[CAST_OVERFLOW] The value TIMESTAMP '2040-01-01 00:00:00.5' of the type "TIMESTAMP" cannot be cast to "INT" due to an overflow.`,
    );
    expect(expectError(await sql("SELECT CAST(1e300 AS TIMESTAMP)"))).toContain(`[CAST_OVERFLOW] The value 1.0E300D of the type "DOUBLE" cannot be cast to "TIMESTAMP" due to an overflow.`);
    expect(expectError(await sql("SELECT CAST(double('NaN') AS TIMESTAMP)"))).toContain(
      `[CAST_INVALID_INPUT] The value NaND of the type "DOUBLE" cannot be cast to "TIMESTAMP" because it is malformed.`,
    );
    expect(await ok("SELECT try_cast(double('NaN') AS TIMESTAMP) AS n, try_cast(1e300 AS TIMESTAMP) AS o, try_cast(TIMESTAMP '2040-01-01 00:00:00Z' AS INT) AS i")).toEqual([{ n: null, o: null, i: null }]);
  });

  it("casts true to a microsecond after the epoch, and refuses a DATE or TIMESTAMP_NTZ cast to a number as Spark refuses it", async () => {
    expect(await ok("SELECT CAST(true AS TIMESTAMP) AS t, CAST(false AS TIMESTAMP) AS f")).toEqual([{ t: "1970-01-01T00:00:00.000001Z", f: "1970-01-01T00:00:00.000000Z" }]);
    for (const [cast, from, to] of [
      ["CAST(DATE '2024-01-01' AS INT)", "DATE", "INT"],
      ["CAST(DATE '2024-01-01' AS DOUBLE)", "DATE", "DOUBLE"],
      ["try_cast(TIMESTAMP_NTZ '2024-01-01 00:00:00' AS BIGINT)", "TIMESTAMP_NTZ", "BIGINT"],
    ]) {
      expect(expectError(await sql(`SELECT ${cast}`))).toContain(`[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve the cast due to data type mismatch: cannot cast "${from}" to "${to}".`);
    }
  });

  it("casts an aggregate's TIMESTAMP or number as it casts a column's", async () => {
    expect(await ok("SELECT CAST(max(at) AS DOUBLE) AS d, CAST(max(at) AS BIGINT) AS b, CAST(min(seconds) AS TIMESTAMP) AS t, CAST(count(*) AS DOUBLE) AS n FROM stamps")).toEqual([
      { d: 1704067201.75, b: 1704067201, t: "1969-12-31T23:59:59.000000Z", n: 3 },
    ]);
    expect(expectError(await sql("SELECT CAST(max(DATE '2024-01-01') AS DOUBLE)"))).toContain('cannot cast "DATE" to "DOUBLE". SQLSTATE: 42K09');
  });

  it("keeps a string's cast to a DOUBLE and a DATE's to a TIMESTAMP as they were, and names the columns as Spark names a cast", async () => {
    expect(await ok("SELECT CAST('1.5' AS DOUBLE), CAST(2 AS FLOAT), CAST(DATE '2024-01-01' AS TIMESTAMP), try_cast('x' AS DOUBLE)")).toEqual([
      { "CAST(1.5 AS DOUBLE)": 1.5, "CAST(2 AS FLOAT)": 2, "CAST(DATE '2024-01-01' AS TIMESTAMP)": "2024-01-01T00:00:00.000000Z", "TRY_CAST(x AS DOUBLE)": null },
    ]);
  });
});
