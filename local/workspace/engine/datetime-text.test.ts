import { describe, expect, it } from "vitest";
import { engineSession } from "./engine-session.test-support.js";

/**
 * A TIMESTAMP's and a TIMESTAMP_NTZ's text of the plain form (yyyy-MM-dd HH:mm:ss[.ffffff]) is read by DuckDB's cast: every text
 * here, days and hours out of range among them, must come out as Spark's reading (spark_read_timestamp) answers it.
 */
describe("a plain timestamp text read by DuckDB's cast as Spark's reading reads it", () => {
  const { rows } = engineSession();
  const TEXTS = [
    // every day of four years, at times through the day, T or a space between
    "strftime(DATE '2023-01-01' + CAST(i % 1500 AS INTEGER), '%Y-%m-%d') || CASE WHEN i % 2 = 0 THEN ' ' ELSE 'T' END || " +
      "lpad(CAST(i % 24 AS VARCHAR), 2, '0') || ':' || lpad(CAST(i * 7 % 60 AS VARCHAR), 2, '0') || ':' || lpad(CAST(i * 13 % 60 AS VARCHAR), 2, '0') || " +
      "CASE i % 4 WHEN 0 THEN '' WHEN 1 THEN '.5' WHEN 2 THEN '.123456' ELSE '.000001' END",
    // fields out of range: months 13, days 30 to 32, hours 24 and past, minutes and seconds 60
    "'2024-' || lpad(CAST(i % 14 AS VARCHAR), 2, '0') || '-' || lpad(CAST(28 + i % 5 AS VARCHAR), 2, '0') || ' ' || lpad(CAST(20 + i % 6 AS VARCHAR), 2, '0') || ':' || " +
      "lpad(CAST(58 + i % 3 AS VARCHAR), 2, '0') || ':' || lpad(CAST(59 + i % 2 AS VARCHAR), 2, '0')",
    // the ends of a day DuckDB's cast reads and Spark does not, and the fraction's seventh digit
    "['2024-01-01 24:00:00', '2024-01-01T24:00:00.000000', '2024-12-31 23:59:60', '2024-01-01 00:00:00.1234567', '0001-01-01 00:00:00', '9999-12-31 23:59:59.999999'][i % 6 + 1]",
  ];

  it.each(TEXTS)("%s", async (text) => {
    const differing = await rows(
      `SELECT t, spark_text_timestamp(t) AS fast, spark_read_timestamp(t) AS read, spark_text_timestamp_ntz(t) AS fast_ntz, spark_read_timestamp_ntz(t) AS read_ntz ` +
        `FROM (SELECT ${text} AS t FROM range(3000) r(i)) WHERE fast IS DISTINCT FROM read OR fast_ntz IS DISTINCT FROM read_ntz LIMIT 3`,
    );
    expect(differing).toEqual([]);
  });
});
