/**
 * SQL as Databricks users write it, sent to the local workspace over its Command Execution API:
 * backticked names with spaces, comments, trailing semicolons, lower-case keywords, quotes doubled
 * inside a string and literals side by side, inline tables in FROM, RLIKE, LIKE ANY and ALL, struct(x AS name), split(…)[0], DESCRIBE HISTORY and
 * SHOW TABLES IN;
 * and a statement DuckDB's parser refuses is Spark's PARSE_SYNTAX_ERROR, not an internal error.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("SQL as Databricks users write it", () => {
  const { sql, ok } = sqlSession();

  it("takes backticked names with spaces, comments, trailing semicolons and lower-case keywords", async () => {
    await ok("/* the orders */ create table `order lines` (`first name` string, `order id` bigint) -- two columns\n;");
    await ok("insert into default.`order lines` values ('it''s', 1), ('b', 2);");
    expect(await ok("select `first name` as `who is it`, `order id` from hive_metastore.default.`order lines` where `order id` > 0 order by 2;  ")).toEqual([
      { "who is it": "it's", "order id": 1 },
      { "who is it": "b", "order id": 2 },
    ]);
    expect(await ok("show tables in default;")).toEqual([{ database: "default", tableName: "order lines", isTemporary: false }]);
    expect(await ok("SHOW TABLES IN hive_metastore.default LIKE 'order*'")).toEqual([{ database: "default", tableName: "order lines", isTemporary: false }]);
    expect((await ok("describe history `order lines`")).map((r) => [r.version, r.operation])).toEqual([
      [1, "WRITE"],
      [0, "CREATE TABLE"],
    ]);
    expect((await ok("describe history default.`order lines` limit 1;")).map((r) => r.operation)).toEqual(["WRITE"]);
  });

  it("reads a doubled quote inside a string as the quote, and literals side by side in an expression as one", async () => {
    expect(await ok(`select 'it''s' as a, "say ""hi""" as b, 'data' ' lake' as c, '''' as d, '' as e`)).toEqual([{ a: "it's", b: 'say "hi"', c: "data lake", d: "'", e: "" }]);
    // a table property's key and value side by side stay two
    await ok("create table described (id int) tblproperties ('owner.team' 'data', 'k' = 'v')");
    expect((await ok("describe detail described"))[0].properties).toMatchObject({ "owner.team": "data", k: "v" });
  });

  it("reads an inline table's rows in FROM, a NULL or a call in a later row among them, and a table after it", async () => {
    expect(await ok("select x, y from values (1, 'a'), (null, 'b'), (abs(-3), null) as t(x, y) order by y")).toEqual([
      { x: 3, y: null },
      { x: 1, y: "a" },
      { x: null, y: "b" },
    ]);
    expect(await ok("select a.x, b.y from values (1), (2) as a(x), values (null), (4) as b(y) order by 1, 2")).toEqual([
      { x: 1, y: null }, { x: 1, y: 4 }, { x: 2, y: null }, { x: 2, y: 4 },
    ]);
    expect(expectError(await sql("select count(*) from values (1), (2) as a(x), no_such_table"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
  });

  it("matches RLIKE, REGEXP and NOT RLIKE with a literal pattern anywhere in the text, as Java's find() does, and names the column as Spark", async () => {
    expect(
      await ok(
        "select 'abc' rlike 'b' as inside, 'abc' rlike '^b' as anchored, 'abc' not rlike 'x' as absent, 'abc' regexp '[a-c]{3}' as whole, " +
          "'a' || 'bc' rlike 'ab' as after_concat, cast(null as string) rlike 'a' as unknown",
      ),
    ).toEqual([{ inside: true, anchored: false, absent: true, whole: true, after_concat: true, unknown: null }]);
    expect(await ok("select x from values ('apple'), ('banana'), ('cherry') as t(x) where x rlike 'an' or x rlike '^c' order by x")).toEqual([{ x: "banana" }, { x: "cherry" }]);
    const named = await sql("select x rlike 'an' from values ('a') as t(x)");
    expect(named.results.schema.map((c: { name: string }) => c.name)).toEqual(["RLIKE(x, an)"]);
    expect(expectError(await sql("select 'abc' rlike concat('a', 'b')"))).toContain("The RLIKE operator with a pattern other than one string literal (use regexp_like(str, regex))");
    // a ")" the pattern does not open is Spark's invalid pattern, not a group closed early
    expect(await ok("select 'a)' rlike '\\\\)' as escaped, 'b' rlike '[)]|b' as in_class")).toEqual([{ escaped: true, in_class: true }]);
    expect(expectError(await sql("select 'b' rlike 'a)|(b'"))).toContain("[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `rlike` is invalid: 'a)|(b'");
  });

  it("names a struct's fields by AS, as Spark does", async () => {
    expect(await ok("select struct(1 as x, 'b' as `y z`, 3) as s, struct(2 as x).x as x")).toEqual([{ s: { x: 1, "y z": "b", col3: 3 }, x: 2 }]);
  });

  it("counts an array's subscript from 0 when the array is the call of a function that makes one, as Spark does", async () => {
    expect(await ok("select split('a,b,c', ',')[0] as first, split('a,b,c', ',')[size(split('a,b,c', ',')) - 1] as last, array(10, 20)[1] as second, map('k', 1)['k'] as v")).toEqual([
      { first: "a", last: "c", second: 20, v: 1 },
    ]);
  });

  it("answers a statement DuckDB's parser refuses with Spark's PARSE_SYNTAX_ERROR", async () => {
    expect(expectError(await sql("select 1 +"))).toMatch(/^org\.apache\.spark\.sql\.catalyst\.parser\.ParseException: \[PARSE_SYNTAX_ERROR\] .* SQLSTATE: 42601$/);
  });

  it("matches LIKE ANY, SOME and ALL, their ILIKE and NOT forms, each pattern on its own, NULL where no pattern decides, and names LIKE as Spark does", async () => {
    expect(
      await ok(
        "select s, s ilike any ('a%', 'x%') as any_i, s like all ('%', 'b%') as all_b, s not like any ('ab', 'b') as not_any, s like some ('%.%') as dotted, " +
          "upper(s) like any ('%B') as upper_b, s like any ('x', null) as undecided from values ('ab'), ('b.c') as v(s) order by s",
      ),
    ).toEqual([
      { s: "ab", any_i: true, all_b: false, not_any: true, dotted: false, upper_b: true, undecided: null },
      { s: "b.c", any_i: false, all_b: true, not_any: true, dotted: true, upper_b: false, undecided: null },
    ]);
    expect(await ok("select n from values (15), (25) as v(n) where n like any ('1%', '3%') and n not like all ('2%', '%0')")).toEqual([{ n: 15 }]);
    // a string literal before them is an operand too, where it was taken for a typed literal's text
    expect(await ok("select 'ab' like any ('a%', 'x%') as any_a, 'ab' not like all ('a%', '%b') as not_all, 'ab' ilike some ('A_') as some_i")).toEqual([{ any_a: true, not_all: false, some_i: true }]);
    // an unaliased LIKE is named as Spark names it, not by DuckDB's ~~ operators
    const named = await sql("select s like 'a%', s not like 'a(%', s ilike 'A%', s not ilike 'A%', (s like 'a%') and s is not null, upper(s) like concat('A', '%') from values ('ab') as v(s)");
    expect(named.results.schema.map((c: { name: string }) => c.name)).toEqual([
      "s LIKE a%", "(NOT s LIKE a(%)", "ilike(s, A%)", "(NOT ilike(s, A%))", "(s LIKE a% AND (s IS NOT NULL))", "upper(s) LIKE concat(A, %)",
    ]);
  });

  it("compares an aggregate of DOUBLEs or DECIMALs with a number, in the select list, HAVING and OVER, where its value was read as a string", async () => {
    await ok("CREATE TABLE readings (k INT, x DOUBLE, d DECIMAL(10,2), s STRING)");
    await ok("INSERT INTO readings VALUES (1, 0.5, 1.25, '9'), (1, 2.0, 2.50, '10'), (2, 3.0, 0.75, '7')");
    const named = await sql("SELECT max(x) < 1, min(d) BETWEEN 0 AND 1, avg(x) IN (1.5, 2), max(x) OVER () > 2.5 FROM readings WHERE k = 2 GROUP BY x");
    expect(named.results.data).toEqual([[false, true, false, true]]);
    expect(named.results.schema.slice(0, 3).map((c: { name: string }) => c.name)).toEqual(["(max(x) < 1)", "(min(d) BETWEEN 0 AND 1)", "(avg(x) IN (1.5, 2))"]);
    expect(await ok("SELECT k, max(x) < 2.5 AS low, sum(d) >= 3.75 AS big FROM readings GROUP BY k HAVING min(x) < 1 OR max(d) > 0.5 ORDER BY k")).toEqual([
      { k: 1, low: true, big: true },
      { k: 2, low: false, big: false },
    ]);
    // a string aggregate beside an integer is cast as Spark's ANSI mode casts it: '9' is the greatest string, 9 the number
    expect(await ok("SELECT max(s) = 9 AS nine, max(s) > 5 AS big FROM readings")).toEqual([{ nine: true, big: true }]);
    expect(await ok("SELECT k, x IS DISTINCT FROM NULL AS known, s IS NOT DISTINCT FROM NULL AS missing FROM readings WHERE k IS DISTINCT FROM NULL ORDER BY x LIMIT 1")).toEqual([
      { k: 1, known: true, missing: false },
    ]);
    // two aggregates compared are promoted as two values are, each read through its lambda: '9' > 1 as numbers
    expect(await ok("SELECT max(s) = min(k) AS same, max(s) > min(k) AS greater, max(s) > 5 AS big, max(x) > min(d) AS wider FROM readings")).toEqual([
      { same: false, greater: true, big: true, wider: true },
    ]);
    const pair = await sql("SELECT max(s) > min(k) FROM readings");
    expect(pair.results.schema[0].name).toBe("(max(s) > min(k))");
  });
});
