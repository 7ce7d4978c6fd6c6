/**
 * array_sort with a comparator lambda, as Spark sorts, over the local workspace's Command Execution
 * API: the comparator's negative, zero or positive value orders two elements, elements it calls equal
 * keep their order (Spark's sort is stable), a NULL array stays NULL, and a comparison answering NULL
 * fails with COMPARATOR_RETURNS_NULL; array_sort without one still sorts ascending, NULLs last.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

const DESCENDING_NULLS_FIRST =
  "(left, right) -> case when left is null and right is null then 0 when left is null then -1 when right is null then 1 " +
  "when left < right then 1 when left > right then -1 else 0 end";

describe("array_sort with a comparator", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table lists (id int, nums array<int>, words array<string>)");
    await ok("insert into lists values (1, array(5, 6, 1, 6), array('bc', null, 'ab', 'dc')), (2, array(), array()), (3, null, null)");
  });

  it("orders by the comparator's sign, keeps NULL elements where it puts them and a NULL array NULL", async () => {
    expect(await ok("select array_sort(array(5, 6, 1), (l, r) -> case when l < r then -1 when l > r then 1 else 0 end) as up")).toEqual([{ up: [1, 5, 6] }]);
    expect(await ok(`select id, array_sort(words, ${DESCENDING_NULLS_FIRST}) as down, array_sort(nums, (a, b) -> b - a) as byDifference from lists order by id`)).toEqual([
      { id: 1, down: [null, "dc", "bc", "ab"], byDifference: [6, 6, 5, 1] },
      { id: 2, down: [], byDifference: [] },
      { id: 3, down: null, byDifference: null },
    ]);
    // without a comparator: ascending, NULLs last, as Spark's array_sort
    expect(await ok("select array_sort(words) as plain from lists where id = 1")).toEqual([{ plain: ["ab", "bc", "dc", null] }]);
  });

  it("keeps elements the comparator calls equal in their order, and takes structs and outer columns in the lambda", async () => {
    expect(
      await ok(
        "select transform(array_sort(array(named_struct('k', 1, 'v', 'x'), named_struct('k', 0, 'v', 'y'), named_struct('k', 1, 'v', 'z'), named_struct('k', 0, 'v', 'w')), (a, b) -> a.k - b.k), s -> s.v) as stable",
      ),
    ).toEqual([{ stable: ["y", "w", "x", "z"] }]);
    expect(await ok("select id, array_sort(nums, (a, b) -> abs(a - id * 5) - abs(b - id * 5))[0] as nearest from lists where id = 1")).toEqual([{ id: 1, nearest: 5 }]);
  });

  it("fails a comparison that answers NULL with COMPARATOR_RETURNS_NULL, naming the two values", async () => {
    expect(expectError(await sql("select array_sort(array(3, 2), (l, r) -> cast(null as int))"))).toBe(
      "org.apache.spark.SparkException: [COMPARATOR_RETURNS_NULL] The comparator has returned a NULL for a comparison between 2 and 3. " +
        'It should return a positive integer for "greater than", 0 for "equal" and a negative integer for "less than". ' +
        'To revert to deprecated behavior where NULL is treated as 0 (equal), you must set "spark.sql.legacy.allowNullComparisonResultInArraySort" to "true".',
    );
  });
});
