import { readdir } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";
import { readVariantBytes } from "../../../src/delta/variant-binary.js";
import { variantJson } from "../../../src/delta/variant-json.js";

/**
 * Databricks' VARIANT on the local workspace: parse_json builds a value as Spark does, a table keeps it in Spark's Parquet layout,
 * and to_json, a cast to STRING, variant_get and the `:` operator read it back as Spark does.
 */
describe("VARIANT: parse_json, to_json, variant_get and VARIANT columns", () => {
  const { ok, sql, only, location } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE events (id INT, payload VARIANT, meta STRUCT<v: VARIANT, n: INT>, items ARRAY<VARIANT>)");
    await ok(`INSERT INTO events VALUES
      (1, parse_json('{"zeta": 1.10, "alpha": [1e20, "x", null], "big": 12345678901234567890123}'), named_struct('v', parse_json('"tag"'), 'n', 1), array(parse_json('true'), NULL)),
      (2, NULL, NULL, NULL)`);
  });

  it("shows a VARIANT as Spark's JSON of it: keys in order, a decimal's scale kept, a double as Java writes it", async () => {
    expect(await ok("SELECT id, payload, meta, items FROM events ORDER BY id")).toEqual([
      { id: 1, payload: '{"alpha":[1.0E20,"x",null],"big":12345678901234567890123,"zeta":1.10}', meta: { v: '"tag"', n: 1 }, items: ["true", null] },
      { id: 2, payload: null, meta: null, items: null },
    ]);
    expect(await only("parse_json('[1, 2.50]')")).toEqual({ value: "[1,2.50]", name: "parse_json([1, 2.50])", type: '"variant"' });
    expect(await only("to_json(parse_json('{\"b\": -0.0, \"a\": 1e-5}'))")).toMatchObject({ value: '{"a":1.0E-5,"b":0.0}', type: '"string"' });
    // a cast to STRING writes a string without its quotes, a date or a timestamp as their casts do, an array as its JSON
    expect(await ok("SELECT CAST(parse_json('\"abc\"') AS STRING) AS s, CAST(parse_json('[\"abc\"]') AS STRING) AS a, typeof(parse_json('1')) AS t")).toEqual([{ s: "abc", a: '["abc"]', t: "variant" }]);
    expect(await ok("SELECT CAST(CAST(DATE'2024-01-01' AS VARIANT) AS STRING) AS d, CAST(CAST(TIMESTAMP'2024-07-01 12:00:00.5' AS VARIANT) AS STRING) AS t, to_json(CAST(DATE'2024-01-01' AS VARIANT)) AS j")).toEqual([
      { d: "2024-01-01", t: "2024-07-01 12:00:00.5", j: '"2024-01-01"' },
    ]);
  });

  it("writes a VARIANT's timestamps in the zone of to_json's timeZone option, the session's without one, and names an unknown zone", async () => {
    const stamp = "CAST(TIMESTAMP'2024-07-01 12:00:00.5' AS VARIANT)";
    expect(await ok(`SELECT to_json(${stamp}) AS session, to_json(${stamp}, map('timeZone', 'Asia/Tokyo')) AS tokyo, to_json(${stamp}, map('timeZone', '-05:00')) AS minus5`)).toEqual([
      { session: '"2024-07-01 12:00:00.5+00:00"', tokyo: '"2024-07-01 21:00:00.5+09:00"', minus5: '"2024-07-01 07:00:00.5-05:00"' },
    ]);
    expect(await only(`to_json(${stamp}, map('timeZone', 'UTC'))`)).toMatchObject({ name: `to_json(CAST(TIMESTAMP '2024-07-01 12:00:00.5' AS VARIANT), map(timeZone, UTC))` });
    expect(expectError(await sql(`SELECT to_json(${stamp}, map('timeZone', 'Mars/Olympus'))`))).toContain("Unknown time-zone ID: Mars/Olympus");
  });

  it("describes VARIANT columns and keeps them in Spark's Parquet layout, a struct of value and metadata, with the variantType feature", async () => {
    expect((await ok("DESCRIBE events")).map((r) => [r.col_name, r.data_type])).toEqual([
      ["id", "int"], ["payload", "variant"], ["meta", "struct<v:variant,n:int>"], ["items", "array<variant>"],
    ]);
    const [detail] = await ok("DESCRIBE DETAIL events");
    expect(detail.tableFeatures).toContain("variantType");
    expect([detail.minReaderVersion, detail.minWriterVersion]).toEqual([3, 7]);
    const folder = await location("events");
    const [file] = (await readdir(folder)).filter((f) => f.endsWith(".parquet"));
    const conn = await (await DuckDBInstance.create(":memory:")).connect();
    const types = (await conn.runAndReadAll(`SELECT typeof(payload), typeof(meta), typeof(items) FROM '${folder}/${file}' LIMIT 1`)).getRows()[0];
    expect(types).toEqual(['STRUCT("value" BLOB, metadata BLOB)', 'STRUCT(v STRUCT("value" BLOB, metadata BLOB), n INTEGER)', 'STRUCT("value" BLOB, metadata BLOB)[]']);
    // the buffers are the binary encoding Spark reads: 1.10 a decimal of scale 2, the big number a decimal of scale 0
    const [hex] = (await conn.runAndReadAll(`SELECT hex(payload.metadata || payload.value) FROM '${folder}/${file}' WHERE id = 1`)).getRows()[0] as string[];
    const tree = readVariantBytes(Buffer.from(hex, "hex"));
    expect(tree.kind === "object" && Object.fromEntries(tree.fields)).toMatchObject({ zeta: { kind: "decimal", unscaled: 110n, scale: 2 }, big: { kind: "decimal", scale: 0 } });
    expect(variantJson(tree, "UTC")).toBe('{"alpha":[1.0E20,"x",null],"big":12345678901234567890123,"zeta":1.10}');
    // a NULL is a NULL struct, not a JSON null's buffers
    const nulls = (await conn.runAndReadAll(`SELECT payload IS NULL, meta IS NULL, items IS NULL FROM '${folder}/${file}' WHERE id = 2`)).getRows()[0];
    expect(nulls).toEqual([true, true, true]);
  });

  it("reads a field, an element and a path with variant_get, cast to a type, NULL where the path finds nothing", async () => {
    expect(await ok("SELECT variant_get(payload, '$.alpha[1]', 'string') AS s, variant_get(payload, '$.zeta', 'decimal(5,2)') AS d, variant_get(payload, '$[\"big\"]') AS big, variant_get(payload, '$.nope', 'int') AS none FROM events WHERE id = 1")).toEqual([
      { s: "x", d: "1.10", big: "12345678901234567890123", none: null },
    ]);
    expect(await only("variant_get(parse_json('{\"a\": \"20\"}'), '$.a', 'int')")).toEqual({ value: 20, name: "variant_get(parse_json({\"a\": \"20\"}), $.a, int)", type: '"integer"' });
    // a fraction cast to an integral type is dropped, as Spark drops it
    expect(await ok("SELECT variant_get(parse_json('30.5'), '$', 'int') AS a, variant_get(parse_json('-31.5'), '$', 'bigint') AS b, variant_get(parse_json('2.9e0'), '$', 'int') AS c")).toEqual([{ a: 30, b: -31, c: 2 }]);
    expect(await only("try_variant_get(parse_json('{\"a\": \"x\"}'), '$.a', 'int')")).toMatchObject({ value: null, name: "try_variant_get(parse_json({\"a\": \"x\"}), $.a, int)" });
    expect(expectError(await sql("SELECT variant_get(parse_json('{\"a\": \"x\"}'), '$.a', 'int')"))).toContain("[INVALID_VARIANT_CAST] The variant value `x` can not be cast into `INT`");
    expect(expectError(await sql("SELECT variant_get(parse_json('1'), 'a.b')"))).toContain("[INVALID_VARIANT_GET_PATH] The path `a.b` is not a valid variant extraction path in `variant_get`");
  });

  it("reads a VARIANT's path with the : operator as a VARIANT, by names whose case matches, also of an aggregate", async () => {
    expect(await ok("SELECT payload:alpha[0] AS first, payload:ZETA AS other_case, meta.v AS v FROM events WHERE id = 1")).toEqual([{ first: "1.0E20", other_case: null, v: '"tag"' }]);
    const { results } = await sql("SELECT payload:zeta FROM events WHERE id = 1");
    expect(results.schema).toEqual([{ name: "zeta", type: '"variant"', metadata: "{}" }]);
    // a string's path still reads JSON text, whatever the case of its names
    expect(await ok("SELECT max(j):A AS a FROM VALUES ('{\"a\": 5}') AS t(j)")).toEqual([{ a: "5" }]);
    expect(await ok("SELECT is_variant_null(parse_json('{\"a\": null}'):a) AS n")).toEqual([{ n: true }]);
    expect(expectError(await sql("SELECT payload:alpha[*] FROM events"))).toContain("[UNSUPPORTED] A [*] step of the : operator on a VARIANT is not supported");
  });

  it("types a VARIANT with schema_of_variant, and a column's values merged with schema_of_variant_agg, as Spark's schema inference merges them", async () => {
    expect(await only(`schema_of_variant(parse_json('{"b": [1, 2.5, "x"], "a": {"c": 0.01}, "d": null, "e b": [1, 1.25], "f": [1, 1e3]}'))`)).toMatchObject({
      value: "OBJECT<a: OBJECT<c: DECIMAL(2,2)>, b: ARRAY<VARIANT>, d: VOID, `e b`: ARRAY<DECIMAL(22,2)>, f: ARRAY<DOUBLE>>",
      type: '"string"',
    });
    // Spark's own examples of schema_of_variant_agg
    expect(await ok(`SELECT schema_of_variant_agg(parse_json(j)) AS s FROM VALUES ('{"a": 1}'), ('{"b": true}'), ('{"c": 1.23}') AS tab(j)`)).toEqual([{ s: "OBJECT<a: BIGINT, b: BOOLEAN, c: DECIMAL(3,2)>" }]);
    expect(await ok("SELECT schema_of_variant_agg(parse_json(j)) AS s FROM VALUES ('1'), ('2'), ('3') AS tab(j)")).toEqual([{ s: "BIGINT" }]);
    expect(await ok("SELECT k, schema_of_variant_agg(payload) AS s FROM (SELECT id % 2 AS k, payload FROM events) GROUP BY k ORDER BY k")).toEqual([
      { k: 0, s: "VOID" },
      { k: 1, s: "OBJECT<alpha: ARRAY<VARIANT>, big: DECIMAL(23,0), zeta: DECIMAL(3,2)>" },
    ]);
  });

  it("explodes a VARIANT's object or array into rows of position, key and value with variant_explode, in FROM and LATERAL", async () => {
    expect(await ok(`SELECT * FROM variant_explode(parse_json('{"b": 1.50, "a": [true]}'))`)).toEqual([
      { pos: 0, key: "a", value: "[true]" },
      { pos: 1, key: "b", value: "1.50" },
    ]);
    // a scalar has no members: no row, or one of NULLs from the outer form
    expect(await ok("SELECT * FROM variant_explode(parse_json('1'))")).toEqual([]);
    expect(await ok("SELECT * FROM variant_explode_outer(parse_json('1'))")).toEqual([{ pos: null, key: null, value: null }]);
    expect(await ok("SELECT e.id, x.pos, x.key, x.value FROM events AS e, LATERAL variant_explode(e.payload:alpha) AS x ORDER BY e.id, x.pos")).toEqual([
      { id: 1, pos: 0, key: null, value: "1.0E20" },
      { id: 1, pos: 1, key: null, value: '"x"' },
      { id: 1, pos: 2, key: null, value: null },
    ]);
    const { results } = await sql("SELECT * FROM variant_explode(parse_json('[1]'))");
    expect(results.schema.map((c: { name: string; type: string }) => `${c.name} ${c.type}`)).toEqual(['pos "integer"', 'key "string"', 'value "variant"']);
  });

  it("refuses text that is no JSON and a key written twice, and try_parse_json answers NULL for the first", async () => {
    expect(expectError(await sql("SELECT parse_json('{\"a\": 1,}')"))).toContain("[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: {\"a\": 1,}.");
    expect(expectError(await sql("SELECT parse_json('{\"a\": 1, \"a\": 2}')"))).toContain("[VARIANT_DUPLICATE_KEY] Failed to build variant because of a duplicate object key `a`.");
    expect(await ok("SELECT try_parse_json('{oops') AS bad, to_json(try_parse_json('[1]')) AS good")).toEqual([{ bad: null, good: "[1]" }]);
  });
});
