/**
 * Result column names of unaliased higher-order function calls and casts, as Spark names them, over
 * the local workspace's Command Execution API, its SQL warehouse and the table CREATE TABLE AS SELECT
 * makes: a lambda is `lambdafunction(<body>, namedlambdavariable(), …)` with each use of a parameter
 * as namedlambdavariable(), array and map literals and map_concat are named by their Spark names
 * (a string literal is its text, unquoted, as Spark writes it in any name), and a cast names Spark's type (STRING,
 * DOUBLE, TIMESTAMP, ARRAY<BIGINT>), chained casts too. A CASE, a field of a call
 * (`named_struct(a, 1).a`), a binary literal (`X'00FF'`) and get_json_object are named as Spark names them.
 */
import { describe, expect, it } from "vitest";
import { sqlSession, warehouseStatement } from "../../support/local-workspace.js";

const V = "namedlambdavariable()";
const names = (status: any): string[] => status.results.schema.map((c: { name: string }) => c.name);

describe("names of higher-order function calls and casts", () => {
  const { sql, ok, harness } = sqlSession({}, async (ok) => {
    await ok("create table nums (id int, arr array<int>, m map<string, int>)");
    await ok("insert into nums values (1, array(3, 1, 2), map('a', 1))");
  });

  it("names each higher-order function's lambda as Spark does", async () => {
    expect(
      names(
        await sql(
          "select transform(array(1, 2, 3), x -> x + 1), filter(arr, x -> x % 2 == 1), exists(arr, x -> x = 1), forall(arr, x -> x > 0), " +
            "aggregate(arr, 0, (acc, x) -> acc + x), aggregate(arr, 0, (acc, x) -> acc + x, acc -> acc * 10), transform(arr, (x, i) -> x + i) from nums",
        ),
      ),
    ).toEqual([
      `transform(array(1, 2, 3), lambdafunction((${V} + 1), ${V}))`,
      `filter(arr, lambdafunction(((${V} % 2) = 1), ${V}))`,
      `exists(arr, lambdafunction((${V} = 1), ${V}))`,
      `forall(arr, lambdafunction((${V} > 0), ${V}))`,
      `aggregate(arr, 0, lambdafunction((${V} + ${V}), ${V}, ${V}), lambdafunction(${V}, ${V}))`,
      `aggregate(arr, 0, lambdafunction((${V} + ${V}), ${V}, ${V}), lambdafunction((${V} * 10), ${V}))`,
      `transform(arr, lambdafunction((${V} + ${V}), ${V}, ${V}))`,
    ]);
    expect(
      names(
        await sql(
          "select zip_with(arr, arr, (x, y) -> x * y), map_filter(m, (k, v) -> v > 0), transform_keys(m, (k, v) -> upper(k)), transform_values(m, (k, v) -> v + 1), " +
            "array_sort(arr, (l, r) -> r - l), transform(arr, x -> transform(arr, y -> x + y)), map_zip_with(m, m, (k, v1, v2) -> v1 * v2) from nums",
        ),
      ),
    ).toEqual([
      `zip_with(arr, arr, lambdafunction((${V} * ${V}), ${V}, ${V}))`,
      `map_filter(m, lambdafunction((${V} > 0), ${V}, ${V}))`,
      `transform_keys(m, lambdafunction(upper(${V}), ${V}, ${V}))`,
      `transform_values(m, lambdafunction((${V} + 1), ${V}, ${V}))`,
      `array_sort(arr, lambdafunction((${V} - ${V}), ${V}, ${V}))`,
      `transform(arr, lambdafunction(transform(arr, lambdafunction((${V} + ${V}), ${V})), ${V}))`,
      `map_zip_with(m, m, lambdafunction((${V} * ${V}), ${V}, ${V}, ${V}))`,
    ]);
  });

  it("writes a string literal and a quoted name in a name without quotes, and leaves a column's own name as it is", async () => {
    await ok("create table quoted (`o'neil's` int, `say 'hi'` string, fname string, name string)");
    await ok("insert into quoted values (1, 'x', 'y', 'z')");
    expect(names(await sql("select 'abc', 'it''s', concat(fname, ' ', 'b'), upper('x'), `o'neil's`, `say 'hi'`, concat(name, `say 'hi'`) from quoted"))).toEqual([
      "abc",
      "it's",
      "concat(fname,  , b)",
      "upper(x)",
      "o'neil's",
      "say 'hi'",
      // names DuckDB quotes (a keyword, a quote in it) as Spark writes them
      "concat(name, say 'hi')",
    ]);
  });

  it("names map literals and map_concat by their Spark names", async () => {
    expect(names(await sql("select map('k', id), map_concat(m, map('b', 2)), array(id, 2) from nums"))).toEqual(["map(k, id)", "map_concat(m, map(b, 2))", "array(id, 2)"]);
  });

  it("names a cast by Spark's type, chained casts and casts of arrays too", async () => {
    expect(
      names(
        await sql(
          "select cast(cast(id as double) as int), cast(id as string), cast(cast(id as string) as double), cast('2024-01-02' as timestamp), cast('2024-01-02' as timestamp_ntz), " +
            "cast(id as decimal(10,2)), cast(arr as array<bigint>), try_cast('1' as double), id::string from nums",
        ),
      ),
    ).toEqual([
      "CAST(CAST(id AS DOUBLE) AS INT)",
      "CAST(id AS STRING)",
      "CAST(CAST(id AS STRING) AS DOUBLE)",
      "CAST(2024-01-02 AS TIMESTAMP)",
      "CAST(2024-01-02 AS TIMESTAMP_NTZ)",
      "CAST(id AS DECIMAL(10,2))",
      "CAST(arr AS ARRAY<BIGINT>)",
      "TRY_CAST(1 AS DOUBLE)",
      "CAST(id AS STRING)",
    ]);
  });

  it("names a CASE as Spark does: no parentheses of DuckDB's around its conditions and values, no ELSE NULL it was not given", async () => {
    expect(
      names(
        await sql(
          "select case when id = 1 then 'one' else 'other' end, case id when 1 then 'one' end, case when id > 0 then id + 1 when id < 0 then 0 end, " +
            "upper(case when id = 1 then 'a' else 'b' end), sum(case when id = 1 then case when id > 0 then 1 end else 0 end) from nums group by id",
        ),
      ),
    ).toEqual([
      "CASE WHEN (id = 1) THEN one ELSE other END",
      "CASE WHEN (id = 1) THEN one END",
      "CASE WHEN (id > 0) THEN (id + 1) WHEN (id < 0) THEN 0 END",
      "upper(CASE WHEN (id = 1) THEN a ELSE b END)",
      "sum(CASE WHEN (id = 1) THEN CASE WHEN (id > 0) THEN 1 END ELSE 0 END)",
    ]);
  });

  it("names a field of a call or subscript, a binary literal and get_json_object as Spark does", async () => {
    expect(
      names(await sql(`select named_struct('a', id).a, arr[0], map('k', named_struct('a', 1))['k'].a, from_json('{"a":1}', 'a INT').a, X'00FF', X'', get_json_object('{"a":1}', '$.a') from nums`)),
    ).toEqual(["named_struct(a, id).a", "arr[0]", "map(k, named_struct(a, 1))[k].a", 'from_json({"a":1}).a', "X'00FF'", "X''", 'get_json_object({"a":1}, $.a)']);
  });

  it("names them so in the SQL warehouse's manifest and in a table made from them", async () => {
    const done = await warehouseStatement(harness(), "select transform(arr, x -> x * 2), cast(id as string) from nums");
    expect(done.status.state).toBe("SUCCEEDED");
    expect(done.manifest.schema.columns.map((c: { name: string }) => c.name)).toEqual([`transform(arr, lambdafunction((${V} * 2), ${V}))`, "CAST(id AS STRING)"]);
    await ok("create table named as select filter(arr, x -> x > 1), cast(id as double) from nums");
    expect((await ok("describe table named")).map((r) => r.col_name)).toEqual([`filter(arr, lambdafunction((${V} > 1), ${V}))`, "CAST(id AS DOUBLE)"]);
  });
});
