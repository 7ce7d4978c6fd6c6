import { describe, expect, it } from "vitest";
import { castIsExact, duckCastIsExact, refuseInexactValues } from "../../src/delta/exact-casts.js";
import { InexactCastError } from "../../src/delta/errors.js";
import { parseDuckDbType } from "../../src/delta/duckdb-types.js";

describe("castIsExact: whether every value of one Delta type converts exactly to another", () => {
  it.each([
    ["integer", "long"], ["byte", "short"], ["short", "integer"],
    ["decimal(10,2)", "decimal(12,4)"], ["decimal(10,2)", "decimal(10,2)"], ["decimal(10, 2)", "decimal(10,2)"],
    ["integer", "decimal(10,0)"], ["long", "decimal(21,2)"], ["byte", "decimal(3,0)"],
    ["decimal(18,0)", "long"], ["decimal(9,0)", "integer"], ["decimal(2,0)", "byte"],
    ["integer", "double"], ["short", "float"], ["float", "double"], ["decimal(15,2)", "double"],
    ["string", "date"], // not numeric: left to the cast
  ])("%s into %s: exact", (from, to) => expect(castIsExact(from, to)).toBe(true));

  it.each([
    ["long", "integer"], ["integer", "short"], ["short", "byte"],
    ["decimal(12,4)", "decimal(10,2)"], ["decimal(12,2)", "decimal(10,2)"], ["decimal(10,2)", "decimal(12,1)"],
    ["long", "decimal(18,0)"], ["integer", "decimal(10,1)"],
    ["decimal(19,0)", "long"], ["decimal(10,0)", "integer"], ["decimal(3,0)", "byte"], ["decimal(5,1)", "long"],
    ["long", "double"], ["integer", "float"], ["double", "float"], ["decimal(16,2)", "double"], ["decimal(7,2)", "float"],
    ["double", "decimal(38,18)"], ["double", "long"], ["float", "integer"],
  ])("%s into %s: can round or fail", (from, to) => expect(castIsExact(from, to)).toBe(false));
});

describe("refuseInexactValues", () => {
  const table = {
    type: "struct" as const,
    fields: [
      { name: "amount", type: "decimal(10,2)", nullable: true, metadata: {} },
      { name: "profile", type: { type: "struct" as const, fields: [{ name: "score", type: "integer", nullable: true, metadata: {} }] }, nullable: true, metadata: {} },
    ],
  };
  const columns = (amount: string, score: string) => [
    { name: "AMOUNT", type: parseDuckDbType(amount) },
    { name: "profile", type: parseDuckDbType(`STRUCT(score ${score})`) },
  ];

  const holdingValues = async () => true;

  it("lets exact conversions through, top-level and nested", async () => {
    await expect(refuseInexactValues(table, columns("DECIMAL(9,1)", "SMALLINT"), holdingValues)).resolves.toBeUndefined();
  });

  it("names the first column, top-level or nested, with the table's and the query's types", async () => {
    await expect(refuseInexactValues(table, columns("DECIMAL(12,4)", "INTEGER"), holdingValues)).rejects.toThrow(expect.objectContaining({ column: "amount", tableType: "decimal(10,2)", incomingType: "decimal(12,4)" }));
    const nested = await refuseInexactValues(table, columns("DECIMAL(10,2)", "BIGINT"), holdingValues).catch((e: unknown) => e);
    expect(nested).toBeInstanceOf(InexactCastError);
    expect(nested).toMatchObject({ code: "CANNOT_UP_CAST_DATATYPE", column: "profile.score", tableType: "integer", incomingType: "long" });
  });
});

describe("duckCastIsExact: the same judgement on DuckDB type names", () => {
  it.each([
    ["DECIMAL(10,2)", "DECIMAL(12,4)", true],
    ["DECIMAL(12,4)", "DECIMAL(10,2)", false],
    ["STRUCT(p DECIMAL(12,4))", "STRUCT(p DECIMAL(10,2))", false],
    ["BIGINT[]", "INTEGER[]", false],
    ["INTEGER[]", "BIGINT[]", true],
    ["INTERVAL", "VARCHAR", true], // no Delta name: not judged
  ])("%s into %s: %s", (from, to, exact) => expect(duckCastIsExact(from, to)).toBe(exact));
});
