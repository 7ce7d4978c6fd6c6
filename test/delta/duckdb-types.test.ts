import { describe, expect, it } from "vitest";
import { duckTypeToString, parseDuckDbType } from "../../src/delta/duckdb-types.js";

describe("DuckDB type names read into a tree", () => {
  it("reads structs with quoted names, lists, fixed-size arrays, maps and multi-word names, and writes them back", () => {
    const text = 'STRUCT("a b" INTEGER, "q""x" VARCHAR[], m MAP(VARCHAR, STRUCT(v DECIMAL(38, 18))[]), t TIMESTAMP WITH TIME ZONE[][], f DOUBLE[3])';
    const type = parseDuckDbType(text);
    const primitive = (name: string) => ({ kind: "primitive", name });
    expect(type).toEqual({
      kind: "struct",
      fields: [
        { name: "a b", type: primitive("INTEGER") },
        { name: 'q"x', type: { kind: "list", element: primitive("VARCHAR") } },
        {
          name: "m",
          type: { kind: "map", key: primitive("VARCHAR"), value: { kind: "list", element: { kind: "struct", fields: [{ name: "v", type: primitive("DECIMAL(38,18)") }] } } },
        },
        { name: "t", type: { kind: "list", element: { kind: "list", element: primitive("TIMESTAMP WITH TIME ZONE") } } },
        { name: "f", type: { kind: "array", element: primitive("DOUBLE"), size: 3 } },
      ],
    });
    expect(parseDuckDbType(duckTypeToString(type))).toEqual(type);
  });

  it("refuses a name it cannot read, saying where", () => {
    expect(() => parseDuckDbType("STRUCT(a INTEGER")).toThrow(/STRUCT\(a INTEGER: expected a type name at position 16/);
    expect(() => parseDuckDbType("INTEGER junk")).toThrow(/junk/);
  });
});
