/**
 * Spark functions whose DuckDB namesakes answer other values, as the local workspace answers them:
 * concat is NULL when an argument is; substring/substr read position 0 as 1 and answer '' for a
 * negative length; regexp_extract and regexp_extract_all take group 1 by default; split's separator
 * is a regular expression; dayofweek counts from Sunday = 1 and weekday from Monday = 0.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("Spark function semantics in queries", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table people (id int, first string, last string, code string)");
    await ok("insert into people values (1, 'Ada', 'Lovelace', 'AB-123'), (2, 'Alan', null, 'CD-45'), (3, null, 'Hopper', null)");
  });

  it("answers NULL for a concat with a NULL argument, arrays too", async () => {
    expect(await ok("select id, concat(first, ' ', last) as full, concat(first) as one, concat() as none from people order by id")).toEqual([
      { id: 1, full: "Ada Lovelace", one: "Ada", none: "" },
      { id: 2, full: null, one: "Alan", none: "" },
      { id: 3, full: null, one: null, none: "" },
    ]);
    expect(await ok("select concat(array(1), array(2, 3)) as joined, concat(array(1), null) as none, concat('n', 1, 2.5) as mixed")).toEqual([
      { joined: [1, 2, 3], none: null, mixed: "n12.5" },
    ]);
    expect((await sql("select concat(code, id) from people")).results.schema.map((c: { name: string }) => c.name)).toEqual(["concat(code, id)"]);
  });

  it("reads substring's position 0 as 1, a negative one from the end, and answers '' for a length below 1", async () => {
    expect(
      await ok(
        "select substring('hello', 0, 2) as zero, substr('hello', 0, 1) as z1, substr('hello', 3, -1) as negative, substring('hello', -3, 2) as fromEnd," +
          " substring('hello', -10, 8) as before, substring('hello', 0) as rest, substring('hello' from 0 for 2) as sqlForm, substring('hello', 2, 2147483647) as long," +
          " substring('hello', null, 1) as nullPos, substr('hello', 1, null) as nullLen",
      ),
    ).toEqual([{ zero: "he", z1: "h", negative: "", fromEnd: "ll", before: "hel", rest: "hello", sqlForm: "he", long: "ello", nullPos: null, nullLen: null }]);
    expect(await ok("select substr(code, 0, 2) as prefix, count(*) as n from people group by substr(code, 0, 2) order by prefix nulls last")).toEqual([
      { prefix: "AB", n: 1 },
      { prefix: "CD", n: 1 },
      { prefix: null, n: 1 },
    ]);
  });

  it("takes regexp_extract's first group when none is named, and reads split's separator as a regular expression", async () => {
    expect(
      await ok(
        "select regexp_extract(code, '([A-Z]+)-([0-9]+)') as letters, regexp_extract(code, '([A-Z]+)-([0-9]+)', 2) as digits, regexp_extract(code, '([A-Z]+)-([0-9]+)', 0) as whole," +
          " regexp_extract_all('a1b2', '([a-z])([0-9])') as all1 from people where id = 1",
      ),
    ).toEqual([{ letters: "AB", digits: "123", whole: "AB-123", all1: ["a", "b"] }]);
    expect(await ok("select split('a1b22c', '[0-9]+') as parts, split('a.b', '[.]') as dotted, split('x,y,,z,', ',') as kept, split(code, '-')[1] as num from people where id = 2")).toEqual([
      { parts: ["a", "b", "c"], dotted: ["a", "b"], kept: ["x", "y", "", "z", ""], num: "45" },
    ]);
  });

  it("counts dayofweek from Sunday = 1 and weekday from Monday = 0", async () => {
    // 2024-03-10 is a Sunday, 2024-03-11 a Monday, 2024-03-16 a Saturday
    expect(
      await ok("select dayofweek(date'2024-03-10') as sun, dayofweek(date'2024-03-11') as mon, dayofweek(timestamp'2024-03-16 10:00:00') as sat, weekday(date'2024-03-11') as wmon, weekday(date'2024-03-10') as wsun"),
    ).toEqual([{ sun: 1, mon: 2, sat: 7, wmon: 0, wsun: 6 }]);
  });
});
