/**
 * Spark's array functions over the local workspace's Command Execution API, with the results Databricks
 * documents: array_insert.
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
});
