import { describe, expect, it } from "vitest";
import { sparkTypeName } from "./result-type";

describe("a calculated field's type, named as the source panel names Spark's", () => {
  it("names the simple types as Spark does", () => {
    expect(["VARCHAR", "BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "BLOB"].map(sparkTypeName)).toEqual([
      "string",
      "bigint",
      "int",
      "double",
      "boolean",
      "date",
      "timestamp",
      "timestamp_ntz",
      "binary",
    ]);
  });

  it("keeps a DECIMAL's precision and scale", () => {
    expect(sparkTypeName("DECIMAL(38,18)")).toBe("decimal(38,18)");
    expect(sparkTypeName("DECIMAL(3, 2)")).toBe("decimal(3,2)");
  });

  it("writes arrays, maps and structs, nested, with their members' names unquoted", () => {
    expect(sparkTypeName("VARCHAR[]")).toBe("array<string>");
    expect(sparkTypeName("MAP(VARCHAR, BIGINT)")).toBe("map<string,bigint>");
    expect(sparkTypeName('STRUCT("a" DECIMAL(3,2), "b, c" VARCHAR[], "say ""hi""" MAP(VARCHAR, STRUCT("x" DOUBLE)))')).toBe(
      'struct<a:decimal(3,2),b, c:array<string>,say "hi":map<string,struct<x:double>>>',
    );
    expect(sparkTypeName("STRUCT(id BIGINT, name VARCHAR)[]")).toBe("array<struct<id:bigint,name:string>>");
  });

  it("keeps DuckDB's name for a type Spark has none for", () => {
    expect(sparkTypeName("HUGEINT")).toBe("HUGEINT");
    expect(sparkTypeName("UUID")).toBe("UUID");
  });
});
