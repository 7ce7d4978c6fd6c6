import { describe, expect, it } from "vitest";
import { fromJson, readJson } from "./from-json.js";

describe("JSON as Spark's parser reads it by default", () => {
  it("reads single-quoted strings, NaN and Infinity, and keeps a number's text", () => {
    expect(readJson(`{'a': NaN, "b": -Infinity, "c": 12345678901234567890123}`)).toEqual({
      kind: "object",
      entries: [
        ["a", { kind: "special", value: "NaN" }],
        ["b", { kind: "special", value: "-Infinity" }],
        ["c", { kind: "number", text: "12345678901234567890123" }],
      ],
    });
  });

  it("refuses what Jackson refuses: leading zeros, trailing text, comments, unquoted names, raw control characters", () => {
    for (const text of ["{\"a\": 01}", "{\"a\": 1} x", "{\"a\": 1 /* c */}", "{a: 1}", "\"a\tb\"", "{\"a\": 1,}"]) {
      expect(() => readJson(text), text).toThrow();
    }
  });
});

describe("from_json's conversions", () => {
  const struct = (fields: [string, unknown][]) => ({ type: "struct", fields: fields.map(([name, type]) => ({ name, type, nullable: true, metadata: {} })) }) as never;

  it("keeps integers in their type's range, rounds a DECIMAL HALF_UP and refuses one beyond its precision", () => {
    const schema = struct([["b", "byte"], ["l", "long"], ["d", "decimal(4,2)"], ["n", "decimal(4,2)"]]);
    expect(JSON.parse(fromJson('{"b": 128, "l": -9223372036854775808, "d": -1.005, "n": 100}', schema)!)).toEqual({ b: null, l: "-9223372036854775808", d: "-1.01", n: null });
    expect(JSON.parse(fromJson('{"b": -128, "d": "2E-2", "n": 1.5e1}', schema)!)).toEqual({ b: "-128", l: null, d: "0.02", n: "15.00" });
  });

  it("answers a struct of NULLs for malformed text and NULL for an empty array", () => {
    const schema = struct([["a", "integer"]]);
    expect(JSON.parse(fromJson("{", schema)!)).toEqual({ a: null });
    expect(JSON.parse(fromJson("42", schema)!)).toEqual({ a: null });
    expect(fromJson("[]", schema)).toBeNull();
  });
});
