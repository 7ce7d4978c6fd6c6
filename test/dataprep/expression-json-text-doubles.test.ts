/**
 * An array, object or map written as JSON text (concat, `+` with a string) spells each double it holds
 * as AEP's JSON writer (Jackson) writes a Java double: Double.toString's (Float.toString's) text,
 * 1.0E20 and 1.0E-5 where DuckDB's to_json writes 100000000000000000000.0 and 0.00001, and NaN and
 * ±Infinity as the strings "NaN", "Infinity", "-Infinity" (Jackson's default), where to_json writes
 * bare tokens that are no JSON. Checked against the Java reference (test/support/java-float-text.ts)
 * for random values of every magnitude in lists, structs and maps, and through validate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonText } from "../../src/dataprep/expression/json-text.js";
import { call } from "../support/aep-calls.js";
import { type FloatKind, javaFloatText } from "../support/java-float-text.js";
import { floatLiteral, randomFloat } from "../support/float-values.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { seededRandom } from "../support/seeded-random.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const random = seededRandom("test/dataprep/expression-json-text-doubles.test.ts");
const EL = "/data/foundation/conversion/languages/el";

const EDGES = [1e20, 100, 1e-5, 12345678, 0.001, 1e7, -0, 0, 5e-324, Number.MAX_VALUE, NaN, Infinity, -Infinity];

/** A double in JSON as Jackson writes it: Java's text, a non-finite one as a string of it. */
const jackson = (value: number, kind: FloatKind) => (Number.isFinite(value) ? javaFloatText(value, kind) : JSON.stringify(javaFloatText(value, kind)));

describe("the JSON text of values holding doubles", () => {
  const scratch = useScratchDuckDb("json-text-doubles");

  for (const kind of ["DOUBLE", "FLOAT"] as const) {
    it(`writes each ${kind} of a list, a struct and a map as Jackson writes a Java ${kind === "DOUBLE" ? "double" : "float"}`, async () => {
      const round = kind === "DOUBLE" ? (v: number) => v : Math.fround;
      const values = [...EDGES.map(round), ...Array.from({ length: 600 }, () => randomFloat(random, kind))];
      const triples = Array.from({ length: values.length / 3 }, (_, i) => values.slice(3 * i, 3 * i + 3));
      const rows = triples.map(([a, b, c], i) => `(${i}, ${floatLiteral(a, kind)}, ${floatLiteral(b, kind)}, ${floatLiteral(c, kind)})`).join(", ");
      const texts = [
        jsonText("[a, b, NULL, c]", `${kind}[]`),
        jsonText("{'a': a, 'n': 'x', 'inner': {'b': [b]}}", `STRUCT(a ${kind}, n VARCHAR, "inner" STRUCT(b ${kind}[]))`),
        jsonText("map([a], [c])", `MAP(${kind}, ${kind})`),
      ];
      const query = `SELECT i, ${texts.map((t, n) => `${t} AS t${n}`).join(", ")} FROM (VALUES ${rows}) v(i, a, b, c) ORDER BY i`;
      const got = (await scratch.conn.runAndReadAll(query)).getRowObjectsJson();
      const expected = triples.map(([a, b, c], i) => ({
        i,
        t0: `[${jackson(a, kind)},${jackson(b, kind)},null,${jackson(c, kind)}]`,
        t1: `{"a":${jackson(a, kind)},"n":"x","inner":{"b":[${jackson(b, kind)}]}}`,
        // a map's key is text in JSON: the double's Java text
        t2: `{${JSON.stringify(javaFloatText(a, kind))}:${jackson(c, kind)}}`,
      }));
      const wrong = got.filter((row, n) => JSON.stringify({ ...row, i: Number(row.i) }) !== JSON.stringify(expected[n]));
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(got).toHaveLength(triples.length);
    });
  }
});

describe("validate writes an array or object holding doubles as AEP's Java writes it", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const validate = (expression: string, sampleData: Record<string, unknown>) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });

  it("concatenated, an array's and an object's doubles are Double.toString's, non-finite ones strings", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['concat("a=", to_array(true, to_decimal(x), to_decimal(y), to_decimal(z)))', { x: "1E20", y: "100", z: "0.00001" }, "a=[1.0E20,100.0,1.0E-5]"],
      ['concat("o=", to_object("big", to_decimal(x), "small", to_decimal(y)))', { x: "12345678", y: "-0.0" }, 'o={"big":1.2345678E7,"small":-0.0}'],
      ['"" + to_array(true, to_decimal(x), to_decimal(y))', { x: "NaN", y: "-Infinity" }, '["NaN","-Infinity"]'],
    ];
    for (const [expression, sampleData, result] of cases) {
      const reply = await validate(expression, sampleData);
      expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      expect(reply.body.result, expression).toBe(result);
    }
  });
});
