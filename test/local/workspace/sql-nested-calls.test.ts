/**
 * Calls nested as users write them: a || chain of columns, concat of casts to STRING, a cast of a
 * call (CAST(regexp_extract(…) AS INT)) inside another. Each macro reading an argument several times once
 * made DuckDB bind the argument at each place, so nesting multiplied: four columns joined by || took
 * seconds to plan and six never finished, a cast of a cast of a call minutes. They answer Spark's values
 * under Spark's names, and a volatile argument is drawn once per row.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("nested concatenations and casts", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table people (id int, fname string, lname string, score double, seen timestamp, visits bigint, code string)");
    await ok(
      "insert into people values (1, 'Ada', 'Lovelace', 0.5, timestamp'2024-01-02 03:04:05.5', 12, 'AB-0042'), " +
        "(2, 'Alan', null, 12345678.5, timestamp'2024-03-05 10:11:12', 3, 'CD-7'), (3, 'Grace', 'Hopper', 1.0E-5, null, 9000000000, 'none')",
    );
  });

  it("joins a || chain of six columns of five types, NULL where one is", async () => {
    expect(await ok("select id, fname || lname || id || visits || score || seen as joined from people order by id")).toEqual([
      { id: 1, joined: "AdaLovelace1120.52024-01-02 03:04:05.5" },
      { id: 2, joined: null },
      { id: 3, joined: null },
    ]);
    expect(await ok("select id, fname || lname || id || visits || score as joined from people where id = 3")).toEqual([{ id: 3, joined: "GraceHopper390000000001.0E-5" }]);
  });

  it("joins casts to STRING and separators, several levels deep, and casts a concat of digits back to a number", async () => {
    const rows = await ok(
      "select id, concat(fname, ' ', coalesce(lname, '?'), ' #', cast(id as string), ' (', cast(visits as string), ', ', cast(score as string), ', ', cast(seen as string), ')') as line, " +
        "concat(concat(concat(fname, cast(id as string)), cast(visits as string)), cast(score as string)) as nested, " +
        "cast(concat(id, visits) as bigint) as digits from people order by id",
    );
    expect(rows).toEqual([
      { id: 1, line: "Ada Lovelace #1 (12, 0.5, 2024-01-02 03:04:05.5)", nested: "Ada1120.5", digits: 112 },
      { id: 2, line: "Alan ? #2 (3, 1.23456785E7, 2024-03-05 10:11:12)", nested: "Alan231.23456785E7", digits: 23 },
      { id: 3, line: null, nested: "Grace390000000001.0E-5", digits: 39000000000 },
    ]);
  });

  it("casts calls, and casts of casts of calls, as Spark casts them: digits to numbers, text that is no number a CAST_INVALID_INPUT", async () => {
    expect(
      await ok(
        "select id, cast(regexp_extract(code, '([0-9]+)') as int) as digits, cast(cast(cast(regexp_extract(code, '([0-9]+)') as int) * 2 as string) as bigint) as doubled, " +
          "try_cast(concat(substring(code, 4), '00') as int) as hundreds, regexp_extract(code, '([0-9]+)')::smallint as small from people where id < 3 order by id",
      ),
    ).toEqual([
      { id: 1, digits: 42, doubled: 84, hundreds: 4200, small: 42 },
      { id: 2, digits: 7, doubled: 14, hundreds: 700, small: 7 },
    ]);
    expect(await ok("select try_cast(regexp_extract(code, '([0-9]+)') as int) as digits from people where id = 3")).toEqual([{ digits: null }]);
    expect(
      await ok(
        "select id, concat_ws('/', regexp_extract(code, '([A-Z]+)'), int(regexp_extract(code, '([0-9]+)')), round(score * 2, 1), seen) as path from people where id < 3 order by id",
      ),
    ).toEqual([
      { id: 1, path: "AB/42/1.0/2024-01-02 03:04:05.5" },
      { id: 2, path: "CD/7/2.4691357E7/2024-03-05 10:11:12" },
    ]);
    expect(expectError(await sql("select cast(cast(regexp_extract(code, '([0-9]+)') as string) as int) from people where id = 3"))).toContain(
      "[CAST_INVALID_INPUT] The value '' of the type \"STRING\" cannot be cast to \"INT\"",
    );
  });

  it("names the columns as Spark does", async () => {
    const result = await sql(
      "select concat(fname, cast(id as string)), fname || lname || id, cast(concat(id, visits) as bigint), try_cast(upper(code) as string), cast(abs(id) as tinyint), " +
        "substring(code, 4)::int, int(substring(code, 4)), concat_ws(fname, abs(id), lname) from people where id < 3",
    );
    expect(result.results.schema.map((c: { name: string }) => c.name)).toEqual([
      "concat(fname, CAST(id AS STRING))",
      "concat(concat(fname, lname), id)",
      "CAST(concat(id, visits) AS BIGINT)",
      "TRY_CAST(upper(code) AS STRING)",
      "CAST(abs(id) AS TINYINT)",
      "CAST(substring(code, 4) AS INT)",
      "CAST(substring(code, 4) AS INT)",
      "concat_ws(fname, abs(id), lname)",
    ]);
  });

  it("draws a volatile argument once per row: NULL or the whole text, never the rest alone", async () => {
    const [counts] = (await ok(
      "select count_if(a = 'x1') as a_whole, count_if(a is null) as a_null, count_if(b = 'x-') as b_whole, count_if(b is null) as b_null, count(*) as n " +
        "from (select concat(case when rand() < 0.5 then null else 'x' end, id) as a, concat(case when rand() < 0.5 then null else 'x' end, '-') as b " +
        "from (select 1 as id from range(4000)))",
    )) as Record<string, number>[];
    expectOneOfTwoInEveryRow(counts, [["a_whole", "a_null"], ["b_whole", "b_null"]]);
  });

  it("casts a volatile argument's one draw per row: NULL or the number, never a failure", async () => {
    const [counts] = (await ok(
      "select count_if(v = 12) as twelves, count_if(v is null) as nulls, count_if(t = '12') as texts, count_if(t is null) as null_texts, " +
        "count_if(f = 12) as function_twelves, count_if(f is null) as function_nulls " +
        "from (select cast(case when rand() < 0.5 then null else '12' end as int) as v, cast(case when rand() < 0.5 then null else 12 end as string) as t, " +
        "bigint(case when rand() < 0.5 then null else '12' end) as f from range(4000))",
    )) as Record<string, number>[];
    expectOneOfTwoInEveryRow(counts, [["twelves", "nulls"], ["texts", "null_texts"], ["function_twelves", "function_nulls"]]);
  });
});

/** each pair of counts covers all 4,000 rows, and each count more than a quarter of them: every row one draw's outcome, both outcomes drawn */
function expectOneOfTwoInEveryRow(counts: Record<string, number>, pairs: [string, string][]) {
  for (const [one, other] of pairs) {
    expect(counts[one] + counts[other]).toBe(4000);
    expect(counts[one]).toBeGreaterThan(1000);
    expect(counts[other]).toBeGreaterThan(1000);
  }
}
