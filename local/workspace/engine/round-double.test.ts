import { describe, expect, it } from "vitest";
import { engineSession } from "./engine-session.test-support.js";

/**
 * round and bround of a DOUBLE take DuckDB's round where it answers what Spark's (the decimal text rounded, engine/java-math.ts) does:
 * every value here, ties and near-ties among them, must come out as the JavaScript rounding alone answers it.
 */
describe("round of a DOUBLE in DuckDB where it answers as the JavaScript rounding", () => {
  const { rows } = engineSession();
  const VALUES = [
    "i / 7.0",
    "i / 1000.0 - 2.5",
    "(i - 2500) * 0.005",
    "i * 1.001e9 / 3",
    "(i % 100) * 1e-7 + 0.0000045",
    "i * 123456789.123 + 0.125",
    "CAST(i AS DOUBLE) * 0.1 * 3",
    "1.0 / (i + 1) - 0.5",
  ];

  it.each(VALUES)("%s", async (value) => {
    const differing = await rows(
      `SELECT v, d, spark_round_double_at(v, d, false) AS up, spark_round_half_up_double(v, d) AS up_written, ` +
        `spark_round_double_at(v, d, true) AS even, spark_round_half_even_double(v, d) AS even_written ` +
        `FROM (SELECT CAST(${value} AS DOUBLE) AS v FROM range(5000) t(i)), (SELECT CAST(d AS INTEGER) AS d FROM range(0, 8) t(d)) ` +
        `WHERE up IS DISTINCT FROM up_written OR even IS DISTINCT FROM even_written LIMIT 3`,
    );
    expect(differing).toEqual([]);
  });

  it("answers ties of the decimal text as Spark does, 0.0 for -0.0, NaN and the infinities as they are", async () => {
    expect(
      await rows(
        "SELECT spark_round_double_at(2.675::DOUBLE, 2, false) AS a, spark_round_double_at(0.285::DOUBLE, 2, false) AS b, spark_round_double_at(2.5::DOUBLE, 0, true) AS c, " +
          "CAST(spark_round_double_at(-0.001::DOUBLE, 2, false) AS VARCHAR) AS d, spark_round_double_at('NaN'::DOUBLE, 2, false) AS e, spark_round_double_at(1.5e300::DOUBLE, -300, false) AS f",
      ),
    ).toEqual([{ a: 2.68, b: 0.29, c: 2, d: "0.0", e: NaN, f: 2e300 }]);
  });
});
