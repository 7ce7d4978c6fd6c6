import { describe, expect, it } from "vitest";
import { memberType, parseDuckType, typeText } from "./duckdb-type.js";

describe("DuckDB type names read into a tree", () => {
  it("reads structs with quoted names, lists, maps and multi-word names, and writes them back", () => {
    const text = 'STRUCT("a b" INTEGER, "q""x" VARCHAR[], m MAP(VARCHAR, STRUCT(v DECIMAL(38,18))[]), t TIMESTAMP WITH TIME ZONE[][])';
    const type = parseDuckType(text);
    expect(type).toEqual({
      kind: "struct",
      fields: [
        ["a b", { kind: "scalar", name: "INTEGER" }],
        ['q"x', { kind: "list", element: { kind: "scalar", name: "VARCHAR" } }],
        ["m", { kind: "map", key: { kind: "scalar", name: "VARCHAR" }, value: { kind: "list", element: { kind: "struct", fields: [["v", { kind: "scalar", name: "DECIMAL(38,18)" }]] } } }],
        ["t", { kind: "list", element: { kind: "list", element: { kind: "scalar", name: "TIMESTAMP WITH TIME ZONE" } } }],
      ],
    });
    expect(parseDuckType(typeText(type))).toEqual(type);
  });

  it("finds the type of a member inside structs, or nothing", () => {
    expect(memberType("STRUCT(inner STRUCT(x BIGINT))", ["inner", "x"])).toBe("BIGINT");
    expect(memberType("STRUCT(inner STRUCT(x BIGINT))", ["inner", "y"])).toBeUndefined();
    expect(memberType("BIGINT[]", ["x"])).toBeUndefined();
    expect(memberType("VARCHAR", [])).toBe("VARCHAR");
  });
});
