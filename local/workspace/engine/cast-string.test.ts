import { describe, expect, it } from "vitest";
import { engineSession } from "./engine-session.test-support.js";

/**
 * CAST of an array to STRING takes DuckDB's own text (NULL written null) where the elements are integers, booleans, dates or
 * DECIMALs, and joins an array of strings in SQL: every such array must come out as the JavaScript writer (spark_nested_value_text)
 * writes it, and no other value takes these paths.
 */
describe("CAST of an array to STRING in DuckDB where it writes what the JavaScript writer writes", () => {
  const { rows } = engineSession();
  const maybe = (value: string) => `CASE WHEN i % 5 = 0 THEN NULL ELSE ${value} END`;
  const ARRAYS = [
    `[i, ${maybe("i * -7")}, 9223372036854775807 - i]`,
    `[CAST(i % 100 AS TINYINT), ${maybe("CAST(i AS SMALLINT)")}]`,
    `[${maybe("i % 2 = 0")}, i % 3 = 0]`,
    `[DATE '2024-01-01' + CAST(i AS INTEGER), ${maybe("DATE '0001-01-01'")}]`,
    `[CAST(i / 100 - 3 AS DECIMAL(10,2)), ${maybe("CAST(-0.5 AS DECIMAL(3,1))")}]`,
    `[[i], ${maybe("[i, NULL]")}, []]`,
    `CASE WHEN i % 7 = 0 THEN NULL ELSE [i] END`,
    // strings DuckDB's own text would quote or escape: commas, brackets, quotes, backslashes, spaces at the ends, the word null
    `[CAST(i AS VARCHAR), ${maybe("'a, b'")}, '[x]', 'it''s', '\\', ' pad ', 'null', '', '{k: v}', 'é"q"']`,
    `CASE WHEN i % 3 = 0 THEN [] WHEN i % 3 = 1 THEN [NULL::VARCHAR] ELSE ['x' || i] END`,
  ];

  it.each(ARRAYS)("%s", async (array) => {
    const differing = await rows(
      `SELECT x, spark_cast_string(x) AS fast, spark_nested_value_text(to_json(x), typeof(x)) AS written FROM (SELECT ${array} AS x FROM range(500) t(i)) WHERE fast IS DISTINCT FROM written LIMIT 3`,
    );
    expect(differing).toEqual([]);
  });

  it("plans an array of integers without the JavaScript writer, and an array of strings or DOUBLEs with it", async () => {
    const plan = async (value: string) => JSON.stringify(await rows(`EXPLAIN SELECT spark_cast_string(x) FROM (SELECT ${value} AS x FROM range(3))`));
    expect(await plan("[range]")).not.toContain("spark_nested_value_text");
    expect(await plan("[CAST(range AS VARCHAR)]")).not.toContain("spark_nested_value_text");
    expect(await plan("[[CAST(range AS VARCHAR)]]")).toContain("spark_nested_value_text");
    expect(await plan("[CAST(range AS DOUBLE)]")).toContain("spark_nested_value_text");
  });
});
