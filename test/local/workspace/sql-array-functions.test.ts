/**
 * Spark's array functions over the local workspace's Command Execution API, with the results Databricks
 * documents: array_insert, arrays_zip.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("Spark's array functions", () => {
  const { sql, ok } = sqlSession({});

  it("inserts with array_insert as Databricks' examples show, padding with NULLs beyond either end", async () => {
    expect(
      await ok(
        "SELECT array_insert(array('a', 'b', 'c'), 1, 'z') AS a, array_insert(array('a', 'b', 'c'), -1, 'z') AS b, array_insert(array('a', 'b', 'c'), 5, 'z') AS c, " +
          "array_insert(array('a', 'b', 'c'), -5, 'z') AS d, array_insert(array('a', 'b', 'c'), 2, cast(NULL AS STRING)) AS e",
      ),
    ).toEqual([{ a: ["z", "a", "b", "c"], b: ["a", "b", "c", "z"], c: ["a", "b", "c", null, "z"], d: ["z", null, "a", "b", "c"], e: ["a", null, "b", "c"] }]);
    expect(expectError(await sql("SELECT array_insert(array('a', 'b', 'c'), 0, 'z')"))).toContain("[INVALID_INDEX_OF_ZERO]");
  });

  it("prepends with array_prepend as Databricks' examples show (the element second), a NULL element too, NULL for a NULL array; try_mod's NULL for a zero divisor", async () => {
    expect(
      await ok("SELECT array_prepend(array('b', 'd', 'c', 'a'), 'd') AS a, array_prepend(array(1, 2, 3, null), null) AS b, array_prepend(CAST(null AS ARRAY<INT>), 2) AS c"),
    ).toEqual([{ a: ["d", "b", "d", "c", "a"], b: [null, 1, 2, 3, null], c: null }]);
    expect(await ok("SELECT try_mod(3, 2) AS a, try_mod(2L, 0L) AS b, try_mod(-7, 3) AS c")).toEqual([{ a: 1, b: null, c: -1 }]);
  });

  it("zips arrays into structs as Databricks' examples show, padding the shorter with NULLs, NULL for a NULL array", async () => {
    const done = await sql(
      "SELECT arrays_zip(array(1, 2, 3), array(2, 3, 4)), arrays_zip(array(1, 2), array(2, 3), array(3, 4)), arrays_zip(array(1, 2), array('shoe', 'string', 'budget')), " +
        "arrays_zip(array(1), CAST(NULL AS ARRAY<INT>))",
    );
    const values = (done.results.data[0] as (Record<string, unknown>[] | null)[]).map((structs) => structs?.map((s) => Object.values(s)) ?? null);
    expect(values).toEqual([
      [[1, 2], [2, 3], [3, 4]],
      [[1, 2, 3], [2, 3, 4]],
      [[1, "shoe"], [2, "string"], [null, "budget"]],
      null,
    ]);
    expect(done.results.schema[0].name).toBe("arrays_zip(array(1, 2, 3), array(2, 3, 4))");
  });

  it("zips arrays made of aggregates", async () => {
    const done = await sql("SELECT arrays_zip(array(sum(a)), array(avg(a))), arrays_zip(collect_list(a), collect_list(b)) FROM VALUES (1, 'x'), (2, 'y') AS t(a, b)");
    const values = (done.results.data[0] as Record<string, unknown>[][]).map((structs) => structs.map((s) => Object.values(s)));
    expect(values).toEqual([[[3, 1.5]], [[1, "x"], [2, "y"]]]);
  });
});
