/**
 * Arrays and maps in queries as Spark answers them, over the local workspace's Command Execution API
 * and SQL warehouse: `arr[i]` counts from 0 on a column, a qualified or nested one and a struct's
 * field, and fails out of range or below 0 as ANSI mode does (get(arr, i) answers NULL); `m[key]` is
 * the key's value; element_at counts from 1 and from the end and fails out of range (try_element_at
 * answers NULL); explode and posexplode make a row per element or entry; date_format takes Spark's
 * patterns.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession, warehouseStatement } from "../../support/local-workspace.js";

const BYPASS = `If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`;

describe("arrays, maps and date_format in queries", () => {
  const { sql, ok, harness } = sqlSession({}, async (ok) => {
    await ok("create table nested (id int, arr array<int>, words array<string>, m map<string, int>, im map<int, string>, s struct<tags: array<string>, n int>, grid array<array<int>>)");
    await ok(
      "insert into nested values (1, array(10, 20, 30), array('a', 'b'), map('x', 1, 'y', 2), map(0, 'zero', 1, 'one'), named_struct('tags', array('red', 'blue'), 'n', 7), array(array(1, 2), array(3, 4)))," +
        " (2, array(), null, map(), map(), named_struct('tags', array(), 'n', 0), array())",
    );
  });

  it("answers size and cardinality of an array or a map as an INT, NULL for NULL (ANSI mode)", async () => {
    const sized = await sql("select id, size(arr) as a, size(m) as m, cardinality(im) as c, size(s.tags) as t, size(words) as w from nested order by id");
    expect(sized.results.data).toEqual([
      [1, 3, 2, 2, 2, 2],
      [2, 0, 0, 0, 0, null],
    ]);
    expect(sized.results.schema.slice(1).map((c: { type: string }) => JSON.parse(c.type))).toEqual(Array(5).fill("integer"));
    expect((await sql("select size(map('a', 1, 'b', 2))")).results.schema[0].name).toBe("size(map(a, 1, b, 2))");
    expect(expectError(await sql("select size('abc')"))).toContain("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve size");
  });

  it("counts an ARRAY column's subscript from 0 and looks a MAP column's key up", async () => {
    expect(await ok("select arr[0] as a0, arr[2] as a2, t.words[1] as w1, m['y'] as y, m['z'] as z, im[0] as i0, im[1] as i1 from nested t where id = 1")).toEqual([
      { a0: 10, a2: 30, w1: "b", y: 2, z: null, i0: "zero", i1: "one" },
    ]);
    expect(await ok("select m['x'] as x, words[0] as w from nested where id = 2")).toEqual([{ x: null, w: null }]);
  });

  it("fails a subscript out of range or below 0 with INVALID_ARRAY_INDEX as ANSI mode does, and get(arr, i) answers NULL there", async () => {
    const outOfRange = (index: number, size: number) =>
      `org.apache.spark.SparkArrayIndexOutOfBoundsException: [INVALID_ARRAY_INDEX] The index ${index} is out of bounds. The array has ${size} elements. ` +
      `Use the SQL function \`get()\` to tolerate accessing element at invalid index and return NULL instead. ${BYPASS} SQLSTATE: 22003`;
    expect(expectError(await sql("select arr[5] from nested where id = 1"))).toBe(outOfRange(5, 3));
    expect(expectError(await sql("select t.arr[-1] as neg from nested t where id = 1"))).toBe(outOfRange(-1, 3));
    expect(expectError(await sql("select arr[0] from nested where id = 2"))).toBe(outOfRange(0, 0));
    expect(expectError(await sql("select split('p,q', ',')[2]"))).toBe(outOfRange(2, 2));
    expect(expectError(await sql("select s.tags[2] from nested where id = 1"))).toBe(outOfRange(2, 2));
    expect(expectError(await sql("select id from nested where arr[1] = 20"))).toBe(outOfRange(1, 0));
    const done = await warehouseStatement(harness(), "select grid[1][2] from nested where id = 1");
    expect(done.status.state).toBe("FAILED");
    expect(done.status.error.message).toBe(outOfRange(2, 2));
    expect(await ok("select get(arr, 3) as g3, get(arr, -1) as neg, get(arr, 2) as g2, arr[cast(null as int)] as n, get(words, 0) as w from nested order by id")).toEqual([
      { g3: null, neg: null, g2: 30, n: null, w: "a" },
      { g3: null, neg: null, g2: null, n: null, w: null },
    ]);
    expect((await sql("select get(arr, 3) from nested")).results.schema.map((c: { name: string }) => c.name)).toEqual(["get(arr, 3)"]);
  });

  it("counts from 0 in a struct's array, an array of arrays, a subquery's column, a WHERE clause, a cast and a window, and reads a struct's field by name", async () => {
    expect(await ok("select s.tags[0] as first, nested.s.tags[1] as second, grid[1][0] as g10, grid[0][1] as g01, size(s.tags) as n from nested where id = 1")).toEqual([
      { first: "red", second: "blue", g10: 3, g01: 2, n: 2 },
    ]);
    expect(await ok("with q as (select arr as a from nested where id = 1) select a[1] as second from (select a from q)")).toEqual([{ second: 20 }]);
    expect(await ok("select id from nested where size(arr) > 1 and arr[1] = 20 and m['x'] = 1")).toEqual([{ id: 1 }]);
    expect(await ok("select array(named_struct('a', 1), named_struct('a', 2))[1].a as a, split('p,q', ',')[1] as q")).toEqual([{ a: 2, q: "q" }]);
    expect(await ok("select s['n'] as n, cast(arr[1] as string) as text, sum(arr[0]) over () as total from nested where id = 1")).toEqual([{ n: 7, text: "20", total: 10 }]);
  });

  it("names unaliased subscripts, element_at and struct fields as Spark does", async () => {
    const names = async (query: string) => (await sql(query)).results.schema.map((c: { name: string }) => c.name);
    expect(await names("select arr[0], m['y'], im[1], grid[1][0], s.tags[1], s['n'], element_at(arr, -1), element_at(m, 'x'), arr[0] + arr[1] from nested where id = 1")).toEqual([
      "arr[0]", "m[y]", "im[1]", "grid[1][0]", "s.tags[1]", "s.n", "element_at(arr, -1)", "element_at(m, x)", "(arr[0] + arr[1])",
    ]);
    expect(await names("select sum(arr[2]), max(m['x']) from nested where id = 1")).toEqual(["sum(arr[2])", "max(m[x])"]);
    // struct's values, named_struct's names and values, where DuckDB names both struct_pack(…)
    expect(await names("select struct(id, s.n), named_struct('first', arr[0], 'n', id + 1), struct(id AS k), to_json(struct(id)) from nested where id = 1")).toEqual([
      "struct(id, s.n)", "named_struct(first, arr[0], n, (id + 1))", "struct(id)", "to_json(struct(id))",
    ]);
    // a relation's qualifier is no part of the name
    expect(await names("select t.arr[0], nested.m['y'], t.s.tags[1], nested.grid[1][0], q.a[0] from nested t, default.nested, (select arr as a from nested) as q where t.id = 1 and nested.id = 1 limit 1")).toEqual([
      "arr[0]", "m[y]", "s.tags[1]", "grid[1][0]", "a[0]",
    ]);
    expect(await names("with w as (select arr from nested where id = 1) select w.arr[1], `w`.arr[2] from w")).toEqual(["arr[1]", "arr[2]"]);
    await ok("create table picked as select arr[0], m['y'] from nested where id = 1");
    expect((await ok("describe table picked")).map((c) => c.col_name)).toEqual(["arr[0]", "m[y]"]);
    const done = await warehouseStatement(harness(), "select arr[0], m['y'] from nested where id = 1");
    expect(done.manifest.schema.columns.map((c: { name: string }) => c.name)).toEqual(["arr[0]", "m[y]"]);
    expect(done.result.data_array).toEqual([["10", "2"]]);
  });

  it("refuses a subscript or element_at of a STRING or a number as Spark does, naming the value and its type", async () => {
    await ok("create table texts (id int, str string, n bigint, d decimal(10,2))");
    await ok("insert into texts values (1, 'abc', 5, 1.5)");
    expect(expectError(await sql("select str[0] from texts"))).toBe(
      `org.apache.spark.sql.AnalysisException: [INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "str". Need a complex type [STRUCT, ARRAY, MAP] but got "STRING". SQLSTATE: 42000`,
    );
    expect(expectError(await sql("select id from texts where n[1] = 1"))).toMatch(/\[INVALID_EXTRACT_BASE_FIELD_TYPE\] Can't extract a value from "n"\. .* but got "BIGINT"/);
    expect(expectError(await sql("select d['x'] from texts"))).toMatch(/but got "DECIMAL\(10,2\)"/);
    expect(expectError(await sql("select s.tags[0][0] from nested"))).toMatch(/Can't extract a value from "s\.tags\[0\]"\. .* but got "STRING"/);
    // a string literal too, which DuckDB would read as a list
    expect(expectError(await sql("select 'abc'[0]"))).toMatch(/\[INVALID_EXTRACT_BASE_FIELD_TYPE\] Can't extract a value from "abc"\. .* but got "STRING"/);
    expect(expectError(await sql("select X'0A0B'[0]"))).toMatch(/\[INVALID_EXTRACT_BASE_FIELD_TYPE\] Can't extract a value from "X'0A0B'"\. .* but got "BINARY"/);
    // element_at and try_element_at take an ARRAY or a MAP only
    const notArrayOrMap = (call: string, base: string, type: string) =>
      `org.apache.spark.sql.AnalysisException: [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${call}" due to data type mismatch: ` +
      `The first parameter requires the ("ARRAY" or "MAP") type, however "${base}" has the type "${type}". SQLSTATE: 42K09`;
    expect(expectError(await sql("select element_at(str, 1) from texts"))).toBe(notArrayOrMap("element_at(str, 1)", "str", "STRING"));
    expect(expectError(await sql("select try_element_at(d, 2) from texts"))).toBe(notArrayOrMap("try_element_at(d, 2)", "d", "DECIMAL(10,2)"));
    expect(expectError(await sql("select element_at(s.n, 1) from nested"))).toBe(notArrayOrMap("element_at(s.n, 1)", "s.n", "INT"));
    const done = await warehouseStatement(harness(), "select str[0] from texts");
    expect(done.status.state).toBe("FAILED");
    expect(done.status.error.message).toMatch(/^org\.apache\.spark\.sql\.AnalysisException: \[INVALID_EXTRACT_BASE_FIELD_TYPE\] Can't extract a value from "str"/);
  });

  it("answers the same through the SQL warehouse", async () => {
    const done = await warehouseStatement(harness(), "select arr[0] as a0, s.tags[1] as t1, m['y'] as y, element_at(arr, -1) as last from nested where id = 1");
    expect(done.status.state).toBe("SUCCEEDED");
    expect(done.result.data_array).toEqual([["10", "blue", "2", "30"]]);
  });

  it("updates and deletes by a 0-based subscript", async () => {
    await ok("create table upd (id int, arr array<int>)");
    await ok("insert into upd values (1, array(5, 6)), (2, array(7, 8))");
    expect(await ok("update upd set id = arr[1] where arr[0] = 5")).toEqual([{ num_affected_rows: 1 }]);
    expect(await ok("delete from upd where arr[0] = 7")).toEqual([{ num_affected_rows: 1 }]);
    expect(await ok("select id from upd")).toEqual([{ id: 6 }]);
  });

  it("reads element_at from 1 and from the end of an array, by key in a map, and refuses index 0", async () => {
    expect(await ok("select element_at(arr, 1) as e1, element_at(arr, -1) as last, element_at(arr, -3) as first, element_at(m, 'y') as y, element_at(m, 'z') as z, element_at(im, 1) as i1 from nested where id = 1")).toEqual([
      { e1: 10, last: 30, first: 10, y: 2, z: null, i1: "one" },
    ]);
    expect(expectError(await sql("select element_at(arr, 0) from nested"))).toBe(
      "org.apache.spark.SparkRuntimeException: [INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003",
    );
  });

  it("fails element_at out of range with INVALID_ARRAY_INDEX_IN_ELEMENT_AT, where try_element_at answers NULL", async () => {
    const outOfRange = (index: number, size: number) =>
      `org.apache.spark.SparkArrayIndexOutOfBoundsException: [INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ${index} is out of bounds. The array has ${size} elements. ` +
      `Use \`try_element_at\` to tolerate accessing element at invalid index and return NULL instead. ${BYPASS} SQLSTATE: 22003`;
    expect(expectError(await sql("select element_at(arr, 4) from nested where id = 1"))).toBe(outOfRange(4, 3));
    expect(expectError(await sql("select element_at(arr, -4) from nested where id = 1"))).toBe(outOfRange(-4, 3));
    expect(expectError(await sql("select element_at(words, 1) from nested where id = 1 union all select element_at(array('x'), 2)"))).toBe(outOfRange(2, 1));
    expect(await ok("select id, try_element_at(arr, 4) as out, try_element_at(arr, -1) as last, try_element_at(m, 'x') as x, try_element_at(words, 1) as w from nested order by id")).toEqual([
      { id: 1, out: null, last: 30, x: 1, w: "a" },
      { id: 2, out: null, last: null, x: null, w: null },
    ]);
    expect(expectError(await sql("select try_element_at(arr, 0) from nested"))).toMatch(/\[INVALID_INDEX_OF_ZERO\]/);
    expect((await sql("select try_element_at(arr, 4), try_element_at(m, 'x') from nested")).results.schema.map((c: { name: string }) => c.name)).toEqual([
      "try_element_at(arr, 4)", "try_element_at(m, x)",
    ]);
  });

  it("explodes an array into a row per element named col, a map into key and value, and posexplode adds pos", async () => {
    expect(await ok("select id, explode(arr) from nested order by 2")).toEqual([
      { id: 1, col: 10 },
      { id: 1, col: 20 },
      { id: 1, col: 30 },
    ]);
    expect(await ok("select explode(words) as w from nested")).toEqual([{ w: "a" }, { w: "b" }]);
    expect(await ok("select id, explode(m) from nested order by 2")).toEqual([
      { id: 1, key: "x", value: 1 },
      { id: 1, key: "y", value: 2 },
    ]);
    expect(await ok("select posexplode(words) from nested")).toEqual([
      { pos: 0, col: "a" },
      { pos: 1, col: "b" },
    ]);
    expect(await ok("select id, posexplode(m) from nested")).toEqual([
      { id: 1, pos: 0, key: "x", value: 1 },
      { id: 1, pos: 1, key: "y", value: 2 },
    ]);
    expect(await ok("select explode(grid) as g from nested where id = 1")).toEqual([{ g: [1, 2] }, { g: [3, 4] }]);
  });

  it("formats dates and timestamps with Spark's datetime patterns", async () => {
    expect(
      await ok(
        "select date_format(timestamp'2024-03-05 07:08:09.123456', 'yyyy-MM-dd HH:mm:ss.SSS') as full, date_format(date'2024-03-05', 'd/M/yy EEE MMM') as short," +
          " date_format('2024-03-05 17:08:09', \"hh 'o''clock' a, yyyyMMdd'T'HHmmss\") as quoted, date_format(timestamp'2024-03-05 07:08:09', 'D %') as doy",
      ),
    ).toEqual([{ full: "2024-03-05 07:08:09.123", short: "5/3/24 Tue Mar", quoted: "05 o'clock PM, 20240305T170809", doy: "65 %" }]);
    expect(expectError(await sql("select date_format(current_date(), 'QQQQQ')"))).toMatch(/datetime pattern 'QQQQQ'/);
  });
});
