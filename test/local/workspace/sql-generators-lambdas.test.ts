/**
 * Spark's generators and higher-order functions in queries, as Spark answers them, over the local
 * workspace's Command Execution API and SQL warehouse: explode_outer and posexplode_outer give a row
 * of NULLs for an empty or NULL array or map, inline makes a column per struct field, and transform,
 * filter, exists, forall and aggregate take Spark's lambdas (an index counting from 0), as zip_with,
 * map_filter, transform_keys and transform_values take their lambdas of two values, map_zip_with its lambda of three; stack and LATERAL
 * VIEW make rows as Spark's do.
 */
import { describe, expect, it } from "vitest";
import { sqlSession, warehouseStatement } from "../../support/local-workspace.js";

describe("generators and higher-order functions in queries", () => {
  const { ok, harness } = sqlSession({}, async (ok) => {
    await ok("create table bags (id int, arr array<int>, m map<string, int>, people array<struct<name: string, age: int>>)");
    await ok(
      "insert into bags values (1, array(10, 20), map('x', 1), array(named_struct('name', 'ann', 'age', 30), named_struct('name', 'bo', 'age', null)))," +
        " (2, array(), map(), array()), (3, null, null, null)",
    );
  });

  it("explode_outer keeps a row of NULLs for an empty or NULL array or map, as col or key and value", async () => {
    expect(await ok("select id, explode_outer(arr) from bags order by id, 2")).toEqual([
      { id: 1, col: 10 },
      { id: 1, col: 20 },
      { id: 2, col: null },
      { id: 3, col: null },
    ]);
    expect(await ok("select id, explode_outer(m) from bags order by id")).toEqual([
      { id: 1, key: "x", value: 1 },
      { id: 2, key: null, value: null },
      { id: 3, key: null, value: null },
    ]);
    expect(await ok("select id, explode_outer(arr) as v from bags where id = 2")).toEqual([{ id: 2, v: null }]);
    // explode still drops them
    expect(await ok("select id, explode(arr) from bags order by id, 2")).toEqual([
      { id: 1, col: 10 },
      { id: 1, col: 20 },
    ]);
  });

  it("posexplode_outer numbers the elements from 0 and gives NULL for pos too where there are none", async () => {
    expect(await ok("select id, posexplode_outer(arr) from bags order by id, 2")).toEqual([
      { id: 1, pos: 0, col: 10 },
      { id: 1, pos: 1, col: 20 },
      { id: 2, pos: null, col: null },
      { id: 3, pos: null, col: null },
    ]);
    expect(await ok("select id, posexplode_outer(m) from bags order by id")).toEqual([
      { id: 1, pos: 0, key: "x", value: 1 },
      { id: 2, pos: null, key: null, value: null },
      { id: 3, pos: null, key: null, value: null },
    ]);
  });

  it("inline makes a column per struct field, and inline_outer a row of NULLs for an empty or NULL array", async () => {
    expect(await ok("select id, inline(people) from bags order by 1, 2")).toEqual([
      { id: 1, name: "ann", age: 30 },
      { id: 1, name: "bo", age: null },
    ]);
    expect(await ok("select id, inline_outer(people) from bags order by 1, 2")).toEqual([
      { id: 1, name: "ann", age: 30 },
      { id: 1, name: "bo", age: null },
      { id: 2, name: null, age: null },
      { id: 3, name: null, age: null },
    ]);
  });

  it("transform and filter take a lambda of the element, or of the element and its index counted from 0", async () => {
    expect(
      await ok(
        "select transform(arr, x -> x + 1) as plus, transform(arr, (x, i) -> x * 10 + i) as indexed, filter(arr, x -> x > 10) as big," +
          " filter(arr, (x, i) -> i = 0) as first, transform(people, p -> upper(p.name)) as names, transform(arr, x -> x + 1)[1] as second from bags where id = 1",
      ),
    ).toEqual([{ plus: [11, 21], indexed: [100, 201], big: [20], first: [10], names: ["ANN", "BO"], second: 21 }]);
    expect(await ok("select transform(arr, x -> x + 1) as plus, filter(arr, x -> true) as all from bags order by id")).toEqual([
      { plus: [11, 21], all: [10, 20] },
      { plus: [], all: [] },
      { plus: null, all: null },
    ]);
  });

  it("exists and forall answer NULL where a NULL could decide, as Spark does", async () => {
    expect(
      await ok(
        "select exists(arr, x -> x > 15) as e, exists(arr, x -> x > 99) as none, forall(arr, x -> x > 5) as every, forall(arr, x -> x > 15) as notAll," +
          " exists(transform(people, p -> p.age), a -> a > 40) as unknown, forall(transform(people, p -> p.age), a -> a > 20) as unknownAll from bags where id = 1",
      ),
    ).toEqual([{ e: true, none: false, every: true, notAll: false, unknown: null, unknownAll: null }]);
    expect(await ok("select exists(arr, x -> x > 0) as e, forall(arr, x -> x > 0) as f from bags where id > 1 order by id")).toEqual([
      { e: false, f: true },
      { e: null, f: null },
    ]);
    // EXISTS of a subquery is still the predicate
    expect(await ok("select id from bags b where exists (select 1 from bags c where c.id = b.id + 1) order by id")).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("aggregate and reduce fold from the start value, with an optional finish lambda", async () => {
    expect(
      await ok("select aggregate(arr, 0, (acc, x) -> acc + x) as total, reduce(arr, 1, (acc, x) -> acc * x) as product, aggregate(arr, 0, (acc, x) -> acc + x, acc -> acc * 10) as finished from bags order by id"),
    ).toEqual([
      { total: 30, product: 200, finished: 300 },
      { total: 0, product: 1, finished: 0 },
      { total: null, product: null, finished: null },
    ]);
  });

  it("zip_with pairs two arrays' elements, padding the shorter with NULLs, and is NULL for a NULL array", async () => {
    expect(
      await ok("select zip_with(array(1, 2), array(3, 4), (x, y) -> x + y) as sums, zip_with(array('a', 'b', 'c'), array('d', 'e', 'f'), (x, y) -> concat(x, y)) as texts"),
    ).toEqual([{ sums: [4, 6], texts: ["ad", "be", "cf"] }]);
    expect(await ok("select id, zip_with(arr, array(7), (a, b) -> coalesce(b, -a)) as z, zip_with(arr, arr, (x, y) -> x * y)[0] as first from bags where id <> 2 order by id")).toEqual([
      { id: 1, z: [7, -20], first: 100 },
      { id: 3, z: null, first: null },
    ]);
  });

  it("map_filter, transform_keys and transform_values take a lambda of a map's key and value", async () => {
    expect(
      await ok(
        "select map_filter(map(1, 0, 2, 2, 3, -1), (k, v) -> k > v) as kept, transform_values(map(1, 1, 2, 2, 3, 3), (k, v) -> v + 1) as plus, " +
          "transform_keys(map(1, 1, 2, 2), (k, v) -> k + v * 10) as keys",
      ),
    ).toEqual([{ kept: { "1": 0, "3": -1 }, plus: { "1": 2, "2": 3, "3": 4 }, keys: { "11": 1, "22": 2 } }]);
    expect(
      await ok("select id, map_filter(m, (k, v) -> v > 0) as f, transform_keys(m, (key, value) -> upper(key)) as k, transform_values(m, (k, v) -> concat(k, v)) as v from bags order by id"),
    ).toEqual([
      { id: 1, f: { x: 1 }, k: { X: 1 }, v: { x: "x1" } },
      { id: 2, f: {}, k: {}, v: {} },
      { id: 3, f: null, k: null, v: null },
    ]);
  });

  it("map_zip_with takes a lambda of a key and its value in each map: every key of the first map, then the second's others, NULL where a map lacks it", async () => {
    expect(
      await ok("select map_zip_with(map(1, 'a', 2, 'b'), map(2, 'x', 3, 'y'), (k, v1, v2) -> concat(k, ':', coalesce(v1, '-'), coalesce(v2, '-'))) as zipped"),
    ).toEqual([{ zipped: { "1": "1:a-", "2": "2:bx", "3": "3:-y" } }]);
    expect(await ok("select id, map_zip_with(m, map('x', 10, 'z', 30), (key, mine, theirs) -> mine + theirs) as sums from bags order by id")).toEqual([
      { id: 1, sums: { x: 11, z: null } },
      { id: 2, sums: { x: null, z: null } },
      { id: 3, sums: null },
    ]);
    // a map column named as the lambda's own parameter
    expect(await ok("select map_zip_with(k, map(2, 20), (a, b, c) -> coalesce(b, c)) as kept from (select map(1, 10) as k)")).toEqual([{ kept: { "1": 10, "2": 20 } }]);
  });

  it("stack makes n rows of columns col0, col1, …, the last filled with NULLs", async () => {
    expect(await ok("select stack(2, 1, 'a', 3)")).toEqual([
      { col0: 1, col1: "a" },
      { col0: 3, col1: null },
    ]);
    expect(await ok("select id, stack(2, id, id * 10) from bags where id = 1 order by 2")).toEqual([
      { id: 1, col0: 1 },
      { id: 1, col0: 10 },
    ]);
  });

  it("LATERAL VIEW joins each row to its generator's rows, named by the view's column aliases; OUTER keeps rows it makes none for", async () => {
    expect(await ok("select id, x from bags lateral view explode(arr) tv as x order by id, x")).toEqual([
      { id: 1, x: 10 },
      { id: 1, x: 20 },
    ]);
    expect(await ok("select id, tv.x from bags lateral view outer explode(arr) tv x order by id, x")).toEqual([
      { id: 1, x: 10 },
      { id: 1, x: 20 },
      { id: 2, x: null },
      { id: 3, x: null },
    ]);
    expect(await ok("select b.id, k, v, p, e from bags b lateral view explode(m) kv as k, v lateral view posexplode(arr) pe as p, e where b.id = 1 order by p")).toEqual([
      { id: 1, k: "x", v: 1, p: 0, e: 10 },
      { id: 1, k: "x", v: 1, p: 1, e: 20 },
    ]);
    expect(await ok("select id, col from bags lateral view explode(arr) tv where id = 1 order by col")).toEqual([
      { id: 1, col: 10 },
      { id: 1, col: 20 },
    ]);
    expect(await ok("select id, name, age from bags lateral view inline(people) p where id = 1 order by name")).toEqual([
      { id: 1, name: "ann", age: 30 },
      { id: 1, name: "bo", age: null },
    ]);
  });

  it("answers the same through the SQL warehouse", async () => {
    const done = await warehouseStatement(harness(), "select id, posexplode_outer(transform(arr, (x, i) -> x + i)) from bags order by 1, 2");
    expect(done.status.state).toBe("SUCCEEDED");
    expect(done.manifest.schema.columns.map((c: { name: string }) => c.name)).toEqual(["id", "pos", "col"]);
    expect(done.result.data_array).toEqual([
      ["1", "0", "10"],
      ["1", "1", "21"],
      ["2", null, null],
      ["3", null, null],
    ]);
  });
});
