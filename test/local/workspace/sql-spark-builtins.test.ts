/**
 * Spark built-ins the local workspace answers as Spark does, where DuckDB has no function of the name
 * or one that answers otherwise: collect_set, array_join, sort_array, array_size, array_max,
 * array_min, the array set operations, array_remove, array_repeat, arrays_overlap, sequence, trunc of
 * a date, decode (Oracle's form and of bytes), encode, e(), format_string, nanvl, octet_length, the
 * aggregates every, some, any and std, split with a limit, substring_index, regexp_count, regexp_substr,
 * from_unixtime with a pattern, date_add and dateadd of a date's text, iff, nullifzero, zeroifnull, reverse of an array, slice,
 * lpad and rpad with their default pad, chr, typeof, count of several arguments, first and last ignoring NULLs, IGNORE NULLS
 * after a window function's call (from_json: sql-from-json.test.ts).
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("Spark built-ins", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table items (id int, grp string, x int, tags array<string>, d date)");
    await ok(
      "insert into items values (1, 'a', 3, array('b', null, 'a'), date'2024-05-17'), (2, 'a', 3, null, null), (3, 'a', null, array(), date'2024-12-31'), " +
        "(4, 'b', null, array('z'), date'2024-01-01'), (5, 'a', 1, array('c'), date'2024-02-29')",
    );
  });

  it("answers signum and sign as DOUBLEs, equal_null, btrim, array_compact, map_contains_key, and dayname and monthname's three letters (Databricks' examples)", async () => {
    const done = await sql(
      "SELECT signum(-40) AS a, sign(2.5) AS b, equal_null(3, 3) AS c, equal_null(NULL, NULL) AS d, equal_null(1, NULL) AS e, btrim('    SparkSQL   ') AS f, " +
        "btrim('SSparkSQLS', 'SL') AS g, array_compact(array(1, 2, NULL, 3)) AS h, map_contains_key(map(1, 'a', 2, 'b'), 1) AS i, dayname(DATE'2024-04-08') AS j, monthname('2008-02-20') AS k",
    );
    expect(done.results.data).toEqual([[-1, 1, true, true, false, "SparkSQL", "parkSQ", [1, 2, 3], true, "Mon", "Feb"]]);
    expect(done.results.schema.slice(0, 2).map((c: { type: string }) => JSON.parse(c.type))).toEqual(["double", "double"]);
  });

  it("names a column of a function's other name by that name, as Spark does: ifnull, nvl, dayofmonth, startswith, endswith, sha", async () => {
    const { results } = await sql("SELECT dayofmonth(DATE'2024-01-02'), day(DATE'2024-01-02'), ifnull(NULL, 1), nvl(NULL, 2), startswith('ab', 'a'), endswith('ab', 'b'), sha('a')");
    expect(results.schema.map((c: { name: string }) => c.name)).toEqual([
      "dayofmonth(DATE '2024-01-02')", "day(DATE '2024-01-02')", "ifnull(NULL, 1)", "nvl(NULL, 2)", "startswith(ab, a)", "endswith(ab, b)", "sha(a)",
    ]);
    expect(results.data).toEqual([[2, 2, 1, 2, true, true, "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8"]]);
    // the aggregates any, some and every, also with FILTER, and any after a comparison, which is the quantifier
    const aggregates = (await sql("SELECT any(b), some(b), every(b), bool_or(b), every(b) FILTER (WHERE b) FROM VALUES (true), (false) AS t(b)")).results;
    expect(aggregates.schema.map((c: { name: string }) => c.name)).toEqual(["any(b)", "some(b)", "every(b)", "bool_or(b)", "every(b) FILTER (WHERE b)"]);
    expect(aggregates.data).toEqual([[true, true, false, true, true]]);
    expect(await ok("SELECT 1 = any(array(1, 2)) AS x")).toEqual([{ x: true }]);
  });

  it("names format_string by its name and writes any value %s takes as Java's Formatter writes it, a NULL as null", async () => {
    const { results } = await sql(
      "SELECT format_string('%s|%d', id, id), printf('%s', d), format_string('%2$s %1$s', b, m), format_string('[%s]', CAST(NULL AS INT)) FROM VALUES (0, 1.5D, true, 2.50BD) AS t(id, d, b, m)",
    );
    expect(results.schema.map((c: { name: string }) => c.name)).toEqual(["format_string(%s|%d, id, id)", "printf(%s, d)", "format_string(%2$s %1$s, b, m)", "format_string([%s], CAST(NULL AS INT))"]);
    expect(results.data).toEqual([["0|0", "1.5", "2.50 true", "[null]"]]);
  });

  it("collects each value of a group once, without NULLs, [] for a group of NULLs only, also under FILTER and OVER", async () => {
    const rows = await ok("select grp, sort_array(collect_set(x)) as xs, sort_array(collect_set(x) filter (where id > 1)) as later from items group by grp order by grp");
    expect(rows).toEqual([
      { grp: "a", xs: [1, 3], later: [1, 3] },
      { grp: "b", xs: [], later: [] },
    ]);
    expect(await ok("select id, size(collect_set(x) over (partition by grp)) as n from items order by id")).toEqual([
      { id: 1, n: 2 }, { id: 2, n: 2 }, { id: 3, n: 2 }, { id: 4, n: 0 }, { id: 5, n: 2 },
    ]);
    const result = await sql("select collect_set(x) from items");
    expect(result.results.schema.map((c: { name: string }) => c.name)).toEqual(["collect_set(x)"]);
  });

  it("joins, sorts, sizes and bounds arrays as Spark does: NULL elements skipped or replaced, NULLs first ascending and last descending", async () => {
    expect(
      await ok(
        "select id, array_join(tags, ',') as joined, array_join(tags, ',', '?') as replaced, array_size(tags) as n, array_max(tags) as top, array_min(tags) as bottom, " +
          "sort_array(tags) as up, sort_array(tags, false) as down from items order by id",
      ),
    ).toEqual([
      { id: 1, joined: "b,a", replaced: "b,?,a", n: 3, top: "b", bottom: "a", up: [null, "a", "b"], down: ["b", "a", null] },
      { id: 2, joined: null, replaced: null, n: null, top: null, bottom: null, up: null, down: null },
      { id: 3, joined: "", replaced: "", n: 0, top: null, bottom: null, up: [], down: [] },
      { id: 4, joined: "z", replaced: "z", n: 1, top: "z", bottom: "z", up: ["z"], down: ["z"] },
      { id: 5, joined: "c", replaced: "c", n: 1, top: "c", bottom: "c", up: ["c"], down: ["c"] },
    ]);
    expect(await ok("select array_join(array(1.5, 1e10, null), '|') as doubles, array_join(array(timestamp'2024-01-01 10:00:00'), '') as times, array_join(array('a'), null) as no_sep")).toEqual([
      { doubles: "1.5|1.0E10", times: "2024-01-01 10:00:00", no_sep: null },
    ]);
    const result = await sql("select array_size(tags), array_max(tags), sort_array(tags) from items");
    expect(result.results.schema.map((c: { name: string; type: string }) => [c.name, JSON.parse(c.type)])).toEqual([
      ["array_size(tags)", "integer"],
      ["array_max(tags)", "string"],
      ["sort_array(tags)", { type: "array", elementType: "string", containsNull: true }],
    ]);
  });

  it("unites, intersects and subtracts arrays in order, each value once, a NULL kept only where Spark keeps it; removes, repeats and overlaps as Spark", async () => {
    expect(
      await ok(
        "select array_union(array(1, 2, null), array(2, 3, null)) as u, array_intersect(array(1, 2, null, 2), array(2, null)) as i, array_intersect(array(1, null), array(1)) as i2, " +
          "array_except(array(1, 2, null, 1), array(2)) as e, array_except(array(1, null), array(null)) as e2, array_union(array(1), null) as u_null",
      ),
    ).toEqual([{ u: [1, 2, null, 3], i: [2, null], i2: [1], e: [1, null], e2: [1], u_null: null }]);
    expect(
      await ok(
        "select array_remove(array(1, 2, null, 1), 1) as r, array_remove(array(1), null) as r_null, array_repeat('a', 3) as rep, array_repeat('a', -1) as none, " +
          "arrays_overlap(array(1, 2), array(2)) as common, arrays_overlap(array(1, null), array(3)) as unknown, arrays_overlap(array(1), array(3)) as apart, arrays_overlap(array(), array(null)) as empty",
      ),
    ).toEqual([{ r: [2, null], r_null: null, rep: ["a", "a", "a"], none: [], common: true, unknown: null, apart: false, empty: false }]);
  });

  it("makes sequences of integers, up or down, of their type, and of dates by an interval", async () => {
    const result = await sql("select sequence(1, 5, 2) as odd, sequence(3, 1) as down, sequence(date'2024-02-28', date'2024-03-01', interval 1 day) as days");
    expect(result.results.data).toEqual([[[1, 3, 5], [3, 2, 1], ["2024-02-28", "2024-02-29", "2024-03-01"]]]);
    expect(result.results.schema.map((c: { type: string }) => JSON.parse(c.type).elementType)).toEqual(["integer", "integer", "date"]);
  });

  it("answers every, some and any as aggregates, nanvl and octet_length as Spark does", async () => {
    expect(await ok("select grp, every(x > 0) as all_positive, some(x > 1) as some_above, any(x > 5) as any_above from items where x is not null group by grp")).toEqual([
      { grp: "a", all_positive: true, some_above: true, any_above: false },
    ]);
    expect(await ok("select nanvl(cast('NaN' as double), 1.0D) as nan, nanvl(2.0D, 1.0D) as two, octet_length('é') as bytes, octet_length(encode('ab', 'utf-8')) as binary_bytes")).toEqual([
      { nan: 1, two: 2, bytes: 2, binary_bytes: 2 },
    ]);
    expect(await ok("select id from items where x = any (select 3) order by id")).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("splits with a limit, the last piece holding the rest; takes a string before or after its n'th delimiter; counts and finds a pattern's matches", async () => {
    expect(
      await ok(
        "select split('a,b,,c', ',', 2) as two, split('a,b,,c', ',', 3) as three, split('a,b,,c', ',', 10) as all_of_them, split('a,b,c', ',', -1) as unlimited, " +
          "split('a1b22c', '[0-9]+', 2) as by_pattern, split('abc', '', 2) as by_character, split(cast(null as string), ',', 2) as none",
      ),
    ).toEqual([{ two: ["a", "b,,c"], three: ["a", "b", ",c"], all_of_them: ["a", "b", "", "c"], unlimited: ["a", "b", "c"], by_pattern: ["a", "b22c"], by_character: ["a", "bc"], none: null }]);
    expect(
      await ok(
        "select substring_index('www.apache.org', '.', 2) as head, substring_index('www.apache.org', '.', -2) as tail, substring_index('a.b', '.', 0) as zero, " +
          "substring_index('a.b', '.', 5) as whole, substring_index('a.b', '', 1) as no_delimiter, regexp_count('aXbXc', 'X') as matches, " +
          "regexp_substr('ab12cd34', '[0-9]+') as first_match, regexp_substr('abc', '[0-9]+') as no_match",
      ),
    ).toEqual([{ head: "www.apache", tail: "apache.org", zero: "", whole: "a.b", no_delimiter: "", matches: 2, first_match: "12", no_match: null }]);
  });

  it("writes epoch seconds with a pattern, adds days to a date's text, and answers iff, nullifzero, zeroifnull and std", async () => {
    expect(
      await ok(
        "select from_unixtime(86400, 'yyyy-MM-dd') as day, from_unixtime(86400) as moment, date_add('2024-02-28', 1) as leap, date_add(date'2024-12-31', 1) as new_year, " +
          "dateadd(timestamp'2024-01-01 10:00:00', 2) as from_timestamp",
      ),
    ).toEqual([{ day: "1970-01-02", moment: "1970-01-02 00:00:00", leap: "2024-02-29", new_year: "2025-01-01", from_timestamp: "2024-01-03" }]);
    expect(await ok("select iff(count(*) > 1, 'many', 'one') as how, nullifzero(min(x) - 1) as nz, zeroifnull(max(cast(null as int))) as zn, std(x) as sd from values (1), (3) as t(x)")).toEqual([
      { how: "many", nz: null, zn: 0, sd: Math.SQRT2 },
    ]);
  });

  it("truncates a date to its year, quarter, month or week, a DATE; NULL for a unit trunc does not take", async () => {
    expect(
      await ok(
        "select id, trunc(d, 'MM') as month, trunc(d, 'year') as year, trunc(d, 'QUARTER') as quarter, trunc(d, 'week') as week, trunc(d, 'day') as day, " +
          "trunc('2024-02-29 10:00:00', 'MON') as of_text from items where id in (1, 2, 3) order by id",
      ),
    ).toEqual([
      { id: 1, month: "2024-05-01", year: "2024-01-01", quarter: "2024-04-01", week: "2024-05-13", day: null, of_text: "2024-02-01" },
      { id: 2, month: null, year: null, quarter: null, week: null, day: null, of_text: "2024-02-01" },
      { id: 3, month: "2024-12-01", year: "2024-01-01", quarter: "2024-10-01", week: "2024-12-30", day: null, of_text: "2024-02-01" },
    ]);
    const result = await sql("select trunc(d, 'MM') from items");
    expect(JSON.parse(result.results.schema[0].type)).toBe("date");
  });

  it("decodes Oracle's way (the first equal search's result, else the default or NULL; NULL equals no search) and bytes of UTF-8; encodes text", async () => {
    expect(
      await ok(
        "select decode(2, 1, 'one', 2, 'two', 'other') as found, decode(6, 1, 'one', 2, 'two', 'other') as fallback, decode(6, 1, 'one') as none, " +
          "decode(null, null, 'null', 'other') as null_input, decode(encode('é', 'utf-8'), 'UTF-8') as text, e() as e, format_string('%05d-%s', 42, 'x') as formatted",
      ),
    ).toEqual([{ found: "two", fallback: "other", none: null, null_input: "other", text: "é", e: Math.E, formatted: "00042-x" }]);
    expect(await ok("select id, decode(grp, 'a', x * 10, 'b', -1) as coded from items where id in (1, 3, 4) order by id")).toEqual([
      { id: 1, coded: 30 },
      { id: 3, coded: null },
      { id: 4, coded: -1 },
    ]);
    expect(expectError(await sql("select decode(encode('a', 'utf-8'), 'latin1')"))).toContain("decodes UTF-8 only, not latin1");
  });

  it("reverses strings and arrays alike, and names functions DuckDB quotes or upper-cases as Spark names them", async () => {
    expect(await ok("select id, reverse(grp) as text, reverse(tags) as list from items where id in (1, 3) order by id")).toEqual([
      { id: 1, text: "a", list: ["a", null, "b"] },
      { id: 3, text: "a", list: [] },
    ]);
    const result = await sql("select reverse(tags), mode(x), quarter(d), grouping(grp) from items group by rollup(grp, tags, d)");
    expect(result.results.schema.map((c: { name: string }) => c.name)).toEqual(["reverse(tags)", "mode(x)", "quarter(d)", "grouping(grp)"]);
    // grouping(c) is a TINYINT, as Spark's
    expect(result.results.schema[3].type).toBe('"byte"');
  });

  it("pads with a space by default, cuts where the pad is empty, slices arrays from either end, and takes chr modulo 256", async () => {
    expect(
      await ok(
        "select lpad('abc', 2, '0') as cut, rpad('abc', 5) as spaced, lpad('abc', 5, '') as empty_pad, lpad('abc', -1, 'x') as negative, " +
          "lpad('ab', 7, 'xyz') as cycled, rpad('héllo', 7, '·') as unicode",
      ),
    ).toEqual([{ cut: "ab", spaced: "abc  ", empty_pad: "abc", negative: "", cycled: "xyzxyab", unicode: "héllo··" }]);
    expect(
      await ok(
        "select slice(array(1, 2, 3, 4), -2, 2) as tail, slice(array(1, 2, 3, 4), 2, 10) as rest, slice(array(1, 2, 3, 4), 5, 1) as past_end, " +
          "slice(array(1, 2, 3, 4), -5, 2) as before_start, slice(array(1, 2, 3, 4), 1, 0) as none, slice(tags, 1, 1) as first_tag from items where id = 1",
      ),
    ).toEqual([{ tail: [3, 4], rest: [2, 3, 4], past_end: [], before_start: [], none: [], first_tag: ["b"] }]);
    expect(expectError(await sql("select slice(array(1, 2), 0, 1)"))).toContain("[INVALID_PARAMETER_VALUE.START]");
    expect(expectError(await sql("select slice(array(1, 2), 1, -1)"))).toContain("[INVALID_PARAMETER_VALUE.LENGTH]");
    expect(await ok("select chr(65) as a, chr(321) as wrapped, chr(-1) as negative, chr(256) as zero")).toEqual([{ a: "A", wrapped: "A", negative: "", zero: "\u0000" }]);
  });

  it("names a value's type as Spark's typeof does, nested types too", async () => {
    expect(
      await ok(
        "select typeof(1) as i, typeof(cast(1 as bigint)) as l, typeof(1.5) as d, typeof('a') as s, typeof(current_timestamp()) as ts, typeof(timestamp_ntz'2024-01-01 00:00:00') as ntz, " +
          "typeof(d) as date, typeof(tags) as tags, typeof(array(array(1))) as nested, typeof(map('k', 1.5)) as m, typeof(named_struct('a', 1, 'b c', array('x'))) as st, " +
          "typeof(array(named_struct('a', 1))) as structs, typeof(null) as v, typeof(x'00') as b, typeof(1.5D) as dbl from items where id = 1",
      ),
    ).toEqual([
      {
        i: "int", l: "bigint", d: "decimal(2,1)", s: "string", ts: "timestamp", ntz: "timestamp_ntz", date: "date", tags: "array<string>", nested: "array<array<int>>",
        m: "map<string,decimal(2,1)>", st: "struct<a:int,b c:array<string>>", structs: "array<struct<a:int>>", v: "void", b: "binary", dbl: "double",
      },
    ]);
  });

  it("counts rows and distinct tuples of several arguments where none is NULL, and takes first and last values ignoring NULLs", async () => {
    const counted = await sql("select count(distinct grp, x), count(grp, x) as n, count(*) as all_rows from items");
    expect(counted.results.schema.map((c: { name: string }) => c.name)).toEqual(["count(DISTINCT grp, x)", "n", "all_rows"]);
    expect(counted.results.data).toEqual([[2, 3, 5]]);
    // one value is known among these rows, whatever order the aggregate reads them in
    expect(await ok("select first(x, true) as first_known, last(x, true) as last_known, first(x, false) as first_any from items where id >= 3")).toEqual([
      { first_known: 1, last_known: 1, first_any: expect.toBeOneOf([null, 1]) },
    ]);
    expect(await ok("select first(x, false) as none_known, first(x, true) as still_none from items where id in (3, 4)")).toEqual([{ none_known: null, still_none: null }]);
    expect(
      await ok(
        "select id, first(x, true) over (order by id desc) as a, last_value(x, true) over (order by id rows between unbounded preceding and unbounded following) as b " +
          "from items where id >= 3 order by id",
      ),
    ).toEqual([
      { id: 3, a: 1, b: 1 },
      { id: 4, a: 1, b: 1 },
      { id: 5, a: 1, b: 1 },
    ]);
  });

  it("reads a window function's IGNORE NULLS or RESPECT NULLS after its call, where Spark writes it", async () => {
    expect(
      await ok(
        "select id, first_value(x) ignore nulls over (order by id desc) as first_known, lag(x) ignore nulls over (order by id) as known_before, " +
          "lead(x) respect nulls over (order by id) as next from items order by id",
      ),
    ).toEqual([
      { id: 1, first_known: 1, known_before: null, next: 3 },
      { id: 2, first_known: 1, known_before: 3, next: null },
      { id: 3, first_known: 1, known_before: 3, next: null },
      { id: 4, first_known: 1, known_before: 3, next: 1 },
      { id: 5, first_known: 1, known_before: 3, next: null },
    ]);
  });
});
