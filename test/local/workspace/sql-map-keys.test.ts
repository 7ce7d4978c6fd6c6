/**
 * A map with a repeated or NULL key, as Spark (spark.sql.mapKeyDedupPolicy EXCEPTION, its default)
 * refuses it, over the local workspace's Command Execution API and SQL warehouse: map literals,
 * map_from_arrays, map_from_entries, map_concat and transform_keys fail with DUPLICATED_MAP_KEY naming
 * the first key that repeats, or NULL_MAP_KEY, and build the map when the keys are distinct.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession, warehouseStatement } from "../../support/local-workspace.js";

const duplicated = (key: string) =>
  `org.apache.spark.SparkRuntimeException: [DUPLICATED_MAP_KEY] Duplicate map key ${key} was found, please check the input data. ` +
  `If you want to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence. SQLSTATE: 23505`;
const NULL_KEY = "org.apache.spark.SparkRuntimeException: [NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E";

describe("maps with repeated or NULL keys", () => {
  const { sql, ok, harness } = sqlSession({}, async (ok) => {
    await ok("create table kv (id int, m map<string, int>)");
    await ok("insert into kv values (1, map('a', 1, 'b', 2)), (2, map('c', 3)), (3, null)");
  });

  it("transform_keys fails on the first key its lambda makes twice, and keeps distinct keys", async () => {
    expect(expectError(await sql("select transform_keys(m, (k, v) -> 'same') as t from kv where id = 1"))).toBe(duplicated("same"));
    expect(expectError(await sql("select transform_keys(map(1, 10, 2, 20, 3, 30), (k, v) -> k % 2) as t"))).toBe(duplicated("1"));
    expect(await ok("select id, transform_keys(m, (k, v) -> concat(k, v)) as t from kv order by id")).toEqual([
      { id: 1, t: { a1: 1, b2: 2 } },
      { id: 2, t: { c3: 3 } },
      { id: 3, t: null },
    ]);
  });

  it("map, map_from_arrays and map_from_entries fail on a repeated key and on a NULL key", async () => {
    expect(expectError(await sql("select map(1, 'a', 2, 'b', 1, 'c')"))).toBe(duplicated("1"));
    expect(expectError(await sql("select map_from_arrays(array('x', 'y', 'y'), array(1, 2, 3))"))).toBe(duplicated("y"));
    expect(expectError(await sql("select map_from_entries(array(struct(2, 'a'), struct(2, 'b')))"))).toBe(duplicated("2"));
    expect(expectError(await sql("select map(cast(null as int), 'a')"))).toBe(NULL_KEY);
    expect(await ok("select map(1, 'a', 2, 'b') as m, map_from_arrays(array('x', 'y'), array(1, 2)) as a, map_from_entries(array(struct(2, 'a'), struct(3, 'b'))) as e")).toEqual([
      { m: { "1": "a", "2": "b" }, a: { x: 1, y: 2 }, e: { "2": "a", "3": "b" } },
    ]);
  });

  it("map_concat fails on a key two maps hold, where it used to keep the last value, and is NULL when a map is", async () => {
    expect(expectError(await sql("select map_concat(m, map('b', 9)) from kv where id = 1"))).toBe(duplicated("b"));
    expect(await ok("select id, map_concat(m, map('z', 0), map('y', -1)) as c from kv order by id")).toEqual([
      { id: 1, c: { a: 1, b: 2, z: 0, y: -1 } },
      { id: 2, c: { c: 3, z: 0, y: -1 } },
      { id: 3, c: null },
    ]);
  });

  it("fails the same way on the SQL warehouse", async () => {
    const done = await warehouseStatement(harness(), "select transform_keys(m, (k, v) -> upper('x')) from kv");
    expect(done.status.state).toBe("FAILED");
    expect(done.status.error.message).toBe(duplicated("X"));
  });
});
