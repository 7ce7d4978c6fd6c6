/**
 * from_json(json, schema) over the local workspace's Command Execution API, read as Spark's default
 * PERMISSIVE mode reads it: each field converted as Spark converts a JSON value to its type, a value that
 * does not fit NULL with the rest of its struct kept, malformed text a struct of NULLs; typed as the schema
 * says, in a result and in the table CREATE TABLE AS SELECT makes.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

const SCHEMA = "a INT, b STRING, c ARRAY<INT>, d DECIMAL(5,2), t TIMESTAMP, m MAP<STRING, BIGINT>";

describe("from_json", () => {
  const { sql, ok, table } = sqlSession({}, async (ok) => {
    await ok("create table events (id int, payload string)");
    await ok(
      "insert into events values " +
        `(1, '{"a": 1, "b": "x", "c": [1, 2], "d": 1.005, "t": "2024-01-01T10:00:00Z", "m": {"k": 2}}'), ` +
        `(2, '{"a": "1", "b": {"z": [1, true]}, "c": [1, "q"], "d": "12.5", "t": 1700000000, "extra": 0}'), ` +
        "(3, 'not json'), (4, NULL), " +
        `(5, '[{"a": 7}, {"a": 8}]'), ` +
        `(6, '{"a": 2147483648, "b": 3.50, "d": 1234.5, "t": "yesterday", "m": {"k": 1.5}}'), ` +
        `(7, "{'a': -3, 'b': 'single'}")`,
    );
  });

  it("converts each field as Spark does, NULL where a value does not fit and the rest of the struct kept", async () => {
    const read = await table(`select id, from_json(payload, '${SCHEMA}') as r from events order by id`);
    expect(read.results.data).toEqual([
      [1, { a: 1, b: "x", c: [1, 2], d: "1.01", t: "2024-01-01T10:00:00.000000Z", m: { k: 2 } }],
      // a string is no INT, an object is a STRING's JSON text, one bad element makes the array NULL, seconds make a TIMESTAMP
      [2, { a: null, b: '{"z":[1,true]}', c: null, d: "12.50", t: "2023-11-14T22:13:20.000000Z", m: null }],
      [3, { a: null, b: null, c: null, d: null, t: null, m: null }],
      [4, null],
      [5, { a: 7, b: null, c: null, d: null, t: null, m: null }],
      // beyond INT's range, a number as a STRING's text, beyond DECIMAL(5,2), no timestamp, a fraction as a BIGINT: each NULL
      [6, { a: null, b: "3.50", c: null, d: null, t: null, m: null }],
      [7, { a: -3, b: "single", c: null, d: null, t: null, m: null }],
    ]);
    const columns = JSON.parse(read.results.schema[1].type);
    expect(columns.fields.map((f: { name: string; type: unknown }) => [f.name, f.type])).toEqual([
      ["a", "integer"],
      ["b", "string"],
      ["c", { type: "array", elementType: "integer", containsNull: true }],
      ["d", "decimal(5,2)"],
      ["t", "timestamp"],
      ["m", { type: "map", keyType: "string", valueType: "long", valueContainsNull: true }],
    ]);
  });

  it("reads BIGINT beyond 2^53, NaN and DECIMAL(38,18) exactly, and ARRAY, MAP and STRUCT schemas", async () => {
    expect(
      await ok(
        `select from_json('{"big": 9223372036854775807, "nan": NaN, "inf": "-Infinity", "exact": "12345678901234567890.123456789012345678"}', ` +
          `'big BIGINT, nan DOUBLE, inf DOUBLE, exact DECIMAL(38,18)') as r`,
      ),
    ).toEqual([{ r: { big: "9223372036854775807", nan: "NaN", inf: "-Infinity", exact: "12345678901234567890.123456789012345678" } }]);
    expect(await ok(`select from_json('[1, 2, 3]', 'ARRAY<INT>') as a, from_json('{"k": 1.5}', 'MAP<STRING, DOUBLE>') as m, from_json('x', 'ARRAY<INT>') as bad`)).toEqual([
      { a: [1, 2, 3], m: { k: 1.5 }, bad: null },
    ]);
    expect(await ok(`select from_json(payload, 'STRUCT<a: INT, b: STRING>').a as a from events where id in (1, 7) order by id`)).toEqual([{ a: 1 }, { a: -3 }]);
    expect(await ok(`select from_json('{"s": {"x": 1, "y": "no"}}', '{"type":"struct","fields":[{"name":"s","type":{"type":"struct","fields":[{"name":"x","type":"integer","nullable":true,"metadata":{}},{"name":"y","type":"integer","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}}]}') as r`)).toEqual([
      { r: { s: { x: 1, y: null } } },
    ]);
  });

  it("names the column from_json(json) and types the table a CTAS makes as the schema", async () => {
    expect((await table("select from_json(payload, 'a INT') from events limit 1")).results.schema.map((c: { name: string }) => c.name)).toEqual(["from_json(payload)"]);
    await ok("create table parsed as select id, from_json(payload, 'a INT, b STRING') as p from events");
    expect((await ok("describe parsed")).map((r) => `${r.col_name} ${r.data_type}`)).toEqual(["id int", "p struct<a:int,b:string>"]);
    expect(await ok("select p.a from parsed where id = 1")).toEqual([{ a: 1 }]);
  });

  it("refuses options, a schema that is no literal and a BINARY field, naming what is not supported", async () => {
    expect(expectError(await sql("select from_json(payload, 'a INT', map('mode', 'FAILFAST')) from events"))).toContain("from_json(…) with options");
    expect(expectError(await sql("select from_json(payload, concat('a ', 'INT')) from events"))).toContain("from_json(…) with a schema that is not a string literal");
    expect(expectError(await sql("select from_json(payload, 'a BINARY') from events"))).toContain("from_json(…) into BINARY");
    expect(expectError(await sql("select from_json(payload, 'a INT b') from events"))).toMatch(/PARSE_SYNTAX_ERROR/);
  });
});
