/**
 * ARRAY, MAP and STRUCT values cast to STRING as Spark 3.5 writes them, over the local workspace's Command
 * Execution API: [1, 2], {a -> 1}, {1, x}, nested, a NULL member as null, strings as they are, numbers and timestamps as a cast
 * of each writes them.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("complex types cast to STRING", () => {
  const { ok } = sqlSession({}, async (ok) => {
    await ok("create table nested (id int, tags array<string>, scores map<string, int>, person struct<name: string, age: int>)");
    await ok("insert into nested values (1, array('a,b', null, 'it''s', 'x=y'), map('math', 90, 'art', null), named_struct('name', 'Ann', 'age', null))");
  });

  it("writes arrays, maps and structs of literals as Spark does, nested and with NULL members", async () => {
    expect(
      await ok(
        "select cast(array(1, 2) as string) as a, cast(map('a', 1) as string) as m, cast(named_struct('a', 1, 'b', 'x') as string) as s, " +
          "cast(array(array(1), null) as string) as n, cast(map(1, array(named_struct('q', 'z', 'r', null))) as string) as deep, " +
          "string(array(1.5D, null)) as f, array(true)::string as b, cast(array('NULL', 'xNULL', null) as string) as words",
      ),
    ).toEqual([{ a: "[1, 2]", m: "{a -> 1}", s: "{1, x}", n: "[[1], null]", deep: "{1 -> [{z, null}]}", f: "[1.5, null]", b: "[true]", words: "[NULL, xNULL, null]" }]);
  });

  it("writes a table's complex columns with their strings unquoted, as Spark does, and NULL as NULL", async () => {
    expect(await ok("select cast(tags as string) as t, cast(scores as string) as m, cast(person as string) as p, concat('tags: ', cast(tags as string)) as c from nested")).toEqual([
      { t: "[a,b, null, it's, x=y]", m: "{math -> 90, art -> null}", p: "{Ann, null}", c: "tags: [a,b, null, it's, x=y]" },
    ]);
    expect(await ok("select cast(cast(null as array<int>) as string) as n")).toEqual([{ n: null }]);
  });

  it("writes a member as CAST(member AS STRING) writes it: a DOUBLE as Java does, a TIMESTAMP without a zone offset, a DECIMAL at its scale", async () => {
    expect(
      await ok(
        "select cast(array(1e10D, 1e-5D, -0.0D, cast('NaN' as double)) as string) as floating, cast(array(0.1F) as string) as single, " +
          "cast(array(timestamp'2024-03-05 10:11:12.5', null) as string) as instants, cast(array(timestamp_ntz'2024-03-05 10:11:12') as string) as local, " +
          "cast(named_struct('price', 1.50BD, 'at', date'2024-03-05') as string) as priced, cast(map(2.5D, 1e7D, 1e10D, null) as string) as keyed",
      ),
    ).toEqual([
      {
        floating: "[1.0E10, 1.0E-5, -0.0, NaN]",
        single: "[0.1]",
        instants: "[2024-03-05 10:11:12.5, null]",
        local: "[2024-03-05 10:11:12]",
        priced: "{1.50, 2024-03-05}",
        keyed: "{2.5 -> 1.0E7, 1.0E10 -> null}",
      },
    ]);
  });
});
