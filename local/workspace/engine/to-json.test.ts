import { describe, expect, it } from "vitest";
import { engineSession } from "./engine-session.test-support.js";
import { jacksonQuoted } from "../../../src/delta/java-text.js";

describe("jacksonQuoted", () => {
  it("escapes as Jackson does: short escapes by letter, other control characters in upper-case hex, the rest as it is", () => {
    expect(jacksonQuoted('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(jacksonQuoted("\b\t\n\f\r")).toBe('"\\b\\t\\n\\f\\r"');
    expect(jacksonQuoted("\u0000\u000b\u001f")).toBe('"\\u0000\\u000B\\u001F"');
    expect(jacksonQuoted("/é😀\u007f\u2028")).toBe('"/é😀\u007f\u2028"');
    // a backslash written before text that looks like an escape stays the user's text
    expect(jacksonQuoted("\\u001f")).toBe('"\\\\u001f"');
  });
});

/**
 * spark_to_json takes DuckDB's own JSON where it is Spark's (no leaf Spark writes otherwise, no null) and json_merge_patch's where
 * only a struct's null fields must go: every value of these shapes must come out as the JavaScript writer (spark_to_json_text) writes it.
 */
describe("to_json's DuckDB paths write what the JavaScript writer writes", () => {
  const { rows: read } = engineSession();

  // a string of some of the characters JSON escapes, quotes, 'null' as text, unicode; NULL for every seventh row
  const text = (row: string) =>
    `CASE WHEN (${row}) % 7 = 3 THEN NULL ELSE chr(CAST((${row}) % 40 AS INTEGER)) || '"\\' || CASE WHEN (${row}) % 5 = 0 THEN 'null' ELSE 'é😀/' END || CAST(${row} AS VARCHAR) END`;
  const maybe = (row: string, value: string) => `CASE WHEN (${row}) % 3 = 1 THEN NULL ELSE ${value} END`;
  const SHAPES = [
    `{'a': i, 'b': ${text("i")}}`,
    `{'s': {'p': ${maybe("i", "i * 1000000000000")}, 'q': ${text("i + 1")}}, 'arr': [i, ${maybe("i", "i")}], 'm': MAP {'k': ${maybe("i + 1", "CAST(i AS INTEGER)")}}}`,
    `[{'x': ${maybe("i", "i")}, 'y': ${text("i")}}]`,
    `MAP {coalesce(${text("i + 2")}, 'none'): ${maybe("i", "i")}}`,
    `{'d': DATE '2024-01-01' + CAST(i AS INTEGER), 'ok': i % 2 = 0, 't': CAST(i % 100 AS TINYINT), 'h': CAST(${maybe("i", "i % 30000")} AS SMALLINT)}`,
    `{'time': i, 'DOUBLE': ${maybe("i", "'x'")}, "a b": {'inner': ${maybe("i + 2", "i")}}}`,
    `{'n': {'m': ${maybe("i", "i")}}, 'l': [${maybe("i + 1", "[i]")}]}`,
    `{'big': ${maybe("i", "9223372036854775807 - i")}, 'neg': -9223372036854775807 - 1 + i}`,
    `{'v': ${maybe("i", "i / 3")}, 'when': TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i)}`,
    `{'dec': CAST(i AS DECIMAL(10,2)), 'b': ${maybe("i", "CAST('ab' AS BLOB)")}}`,
    `[${maybe("i", "i")}, i]`,
  ];

  it.each(SHAPES)("%s", async (shape) => {
    const rows = await read(
      `SELECT CAST(x AS VARCHAR) AS source, spark_to_json(x) AS fast, spark_to_json_text(to_json(x), typeof(x)) AS written FROM (SELECT ${shape} AS x FROM range(600) t(i))`,
    );
    const differing = rows.filter((row) => row.fast !== row.written);
    expect(differing.slice(0, 3)).toEqual([]);
    expect(rows.length).toBe(600);
  });

  it("takes DuckDB's JSON for values without a null, json_merge_patch's for a struct with null fields, the writer's for maps and lists of structs with them", async () => {
    const path = async (shape: string) =>
      (
        await read(
          `SELECT CASE WHEN NOT spark_json_as_duckdb_writes(typeof(x)) THEN 'writer' WHEN strpos(to_json(x), 'null') = 0 THEN 'duckdb' ` +
            `WHEN typeof(x) LIKE 'STRUCT(%' AND NOT regexp_matches(typeof(x), 'MAP\\(|\\)\\[') THEN 'patch' ELSE 'writer' END AS path, spark_to_json(x) AS json FROM (SELECT ${shape} AS x)`,
        )
      )[0];
    expect(await path("{'a': 1, 'b': chr(31)}")).toEqual({ path: "duckdb", json: '{"a":1,"b":"\\u001F"}' });
    expect(await path("{'a': NULL::INTEGER, 's': {'p': NULL::INTEGER}, 'l': [1, NULL]}")).toEqual({ path: "patch", json: '{"s":{},"l":[1,null]}' });
    expect(await path("{'m': MAP {'k': NULL::INTEGER}, 'a': NULL::INTEGER}")).toEqual({ path: "writer", json: '{"m":{"k":null}}' });
    expect(await path("{'l': [{'x': NULL::INTEGER, 'y': 1}]}")).toEqual({ path: "writer", json: '{"l":[{"y":1}]}' });
    expect(await path("{'v': 1.5::DOUBLE}")).toEqual({ path: "writer", json: '{"v":1.5}' });
  });
});
