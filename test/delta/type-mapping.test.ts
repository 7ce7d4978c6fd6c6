import { describe, expect, it } from "vitest";
import { deltaTypeToDuckDb, duckDbTypeToDelta, type DeltaType } from "../../src/delta/index.js";

describe("Delta <-> DuckDB type mapping", () => {
  const pairs: [DeltaType, string][] = [
    ["string", "VARCHAR"],
    ["long", "BIGINT"],
    ["integer", "INTEGER"],
    ["short", "SMALLINT"],
    ["byte", "TINYINT"],
    ["float", "FLOAT"],
    ["double", "DOUBLE"],
    ["boolean", "BOOLEAN"],
    ["binary", "BLOB"],
    ["date", "DATE"],
    ["timestamp", "TIMESTAMP WITH TIME ZONE"],
    ["timestamp_ntz", "TIMESTAMP"],
    ["decimal(38,18)", "DECIMAL(38,18)"],
    [{ type: "array", elementType: "long", containsNull: true }, "BIGINT[]"],
    [{ type: "map", keyType: "string", valueType: { type: "array", elementType: "date", containsNull: true }, valueContainsNull: true }, "MAP(VARCHAR, DATE[])"],
    [
      { type: "struct", fields: [{ name: "a b", type: "integer", nullable: true, metadata: {} }, { name: 'q"x', type: "decimal(10,2)", nullable: true, metadata: {} }] },
      'STRUCT("a b" INTEGER, "q""x" DECIMAL(10,2))',
    ],
  ];

  it("maps every Delta type to DuckDB and back", () => {
    for (const [delta, duck] of pairs) {
      expect(deltaTypeToDuckDb(delta)).toBe(duck);
      expect(duckDbTypeToDelta(duck)).toEqual(delta);
    }
  });

  it("reads DuckDB's spellings: decimals with spaces, fixed arrays, nested lists of structs", () => {
    expect(deltaTypeToDuckDb("decimal(10, 2)")).toBe("DECIMAL(10,2)");
    expect(duckDbTypeToDelta("INTEGER[3]")).toEqual({ type: "array", elementType: "integer", containsNull: true });
    expect(duckDbTypeToDelta('STRUCT("key" VARCHAR, "value" INTEGER)[]')).toEqual({
      type: "array",
      elementType: { type: "struct", fields: [{ name: "key", type: "string", nullable: true, metadata: {} }, { name: "value", type: "integer", nullable: true, metadata: {} }] },
      containsNull: true,
    });
  });

  it("widens DuckDB types Delta lacks without loss", () => {
    expect(duckDbTypeToDelta("UBIGINT")).toBe("decimal(20,0)");
    expect(duckDbTypeToDelta("HUGEINT")).toBe("decimal(38,0)");
    expect(duckDbTypeToDelta("UINTEGER")).toBe("long");
    expect(duckDbTypeToDelta("TIMESTAMP_NS")).toBe("timestamp_ntz");
  });

  it("maps Delta's variant to DuckDB's VARIANT and back", () => {
    expect(deltaTypeToDuckDb("variant")).toBe("VARIANT");
    expect(duckDbTypeToDelta("VARIANT")).toBe("variant");
    expect(deltaTypeToDuckDb({ type: "array", elementType: "variant", containsNull: true })).toBe("VARIANT[]");
  });

  it("refuses types with no Delta equivalent", () => {
    expect(() => duckDbTypeToDelta("INTERVAL")).toThrow(/Unsupported data type INTERVAL: it has no Delta equivalent/);
    expect(() => duckDbTypeToDelta("TIME")).toThrow(/no Delta equivalent/);
    expect(() => deltaTypeToDuckDb("geometry")).toThrow(/Unsupported data type geometry/);
    expect(() => deltaTypeToDuckDb("decimal(39,0)")).toThrow(/precision must be 1..38/);
  });
});
