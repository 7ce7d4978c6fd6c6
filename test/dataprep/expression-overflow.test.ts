/**
 * Arithmetic a calculated field's type cannot hold (a BIGINT past ±2^63, a DECIMAL(38,18) past its
 * 20 integer digits) is never a silent null: a real run fails the row with an error naming the part
 * of the expression, its type and its operands' values; validate and the mapping set preview say
 * the same. A null operand still gives null, without an error.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";
const EDGE = "-99999999999999999999.999999999999999999";
/** more digits than HUGEINT, or a DECIMAL, holds */
const FIFTY_DIGITS = "12345678901234567890123456789012345678901234567890";

const schema = { properties: { id: { type: "integer" }, text: { type: "string" }, doubled: { type: "integer" }, dec: { type: "number" } } };
const rules = [
  { sourceAttribute: "id", destinationXdmPath: "id" },
  { sourceType: "EXPRESSION" as const, sourceAttribute: "big + 1", destinationXdmPath: "text" },
  { sourceType: "EXPRESSION" as const, sourceAttribute: "big * 2", destinationXdmPath: "doubled" },
  { sourceType: "EXPRESSION" as const, sourceAttribute: "dec * 2", destinationXdmPath: "dec" },
];

describe("an arithmetic overflow in a real run", () => {
  const scratch = useScratchDuckDb("expression-overflow");

  it("fails the row, naming the expression, the type and the operand's value; a null operand stays null", async () => {
    const file = path.join(scratch.dir, "staged.parquet");
    const rows = [
      `(0, 5::BIGINT, 1.5::DECIMAL(38,18))`,
      `(1, '${MAX}'::BIGINT, 0::DECIMAL(38,18))`,
      `(2, '${MIN}'::BIGINT, 0::DECIMAL(38,18))`,
      `(3, 0::BIGINT, '${EDGE}'::DECIMAL(38,18))`,
      `(4, NULL::BIGINT, NULL::DECIMAL(38,18))`,
    ];
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES ${rows.join(", ")}) v(id, big, dec)) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules,
      schema,
      dir: path.join(scratch.dir, "run"),
      select: "id, text, CAST(doubled AS VARCHAR) AS doubled, CAST(dec AS VARCHAR) AS dec",
      orderBy: "id",
    });
    expect(ingested.rows).toEqual([
      { id: "0", text: "6", doubled: "10", dec: "3.000000000000000000" },
      { id: "4", text: null, doubled: null, dec: null },
    ]);
    const errors = Object.fromEntries(ingested.rowErrors.map((row) => [row.record.id, row.errors]));
    expect(errors).toEqual({
      1: [
        `MAPPER-3700-400: the expression of text cannot be computed: big + 1 overflows BIGINT: big = ${MAX}`,
        `MAPPER-3700-400: the expression of doubled cannot be computed: big * 2 overflows BIGINT: big = ${MAX}`,
      ],
      2: [`MAPPER-3700-400: the expression of doubled cannot be computed: big * 2 overflows BIGINT: big = ${MIN}`],
      3: [`MAPPER-3700-400: the expression of dec cannot be computed: dec * 2 overflows DECIMAL(38,18): dec = ${EDGE}`],
    });
    expect(ingested.result.outputRecords).toBe(2);
  });

  it("fails the row of ~ over a string of more digits than any integer holds, naming the value, as past BIGINT", async () => {
    const file = path.join(scratch.dir, "texts.parquet");
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES (0, '12'), (1, '${FIFTY_DIGITS}'), (2, '-99999999999999999999'), (3, NULL), (4, 'abc')) v(id, text)) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "id" },
        { sourceType: "EXPRESSION" as const, sourceAttribute: "~text", destinationXdmPath: "doubled" },
      ],
      schema,
      dir: path.join(scratch.dir, "texts-run"),
      select: "id, CAST(doubled AS VARCHAR) AS flipped",
      orderBy: "id",
    });
    expect(ingested.rows).toEqual([
      { id: "0", flipped: "-13" },
      { id: "3", flipped: null },
      { id: "4", flipped: null },
    ]);
    expect(Object.fromEntries(ingested.rowErrors.map((row) => [row.record.id, row.errors]))).toEqual({
      1: [`MAPPER-3700-400: the expression of doubled cannot be computed: ~text overflows BIGINT: text = ${FIFTY_DIGITS}`],
      2: ["MAPPER-3700-400: the expression of doubled cannot be computed: ~text overflows BIGINT: text = -99999999999999999999"],
    });
  });

  it("fails the row of ~ over a double holding a whole number past BIGINT; NaN and ±Infinity, no whole numbers, are null", async () => {
    const file = path.join(scratch.dir, "doubles.parquet");
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES (0, 12.0::DOUBLE), (1, 1e40::DOUBLE), (2, 'nan'::DOUBLE), (3, 'inf'::DOUBLE), (4, 1.5::DOUBLE)) v(id, d)) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "id" },
        { sourceType: "EXPRESSION" as const, sourceAttribute: "~d", destinationXdmPath: "doubled" },
      ],
      schema,
      dir: path.join(scratch.dir, "doubles-run"),
      select: "id, CAST(doubled AS VARCHAR) AS flipped",
      orderBy: "id",
    });
    expect(ingested.rows).toEqual([
      { id: "0", flipped: "-13" },
      { id: "2", flipped: null },
      { id: "3", flipped: null },
      { id: "4", flipped: null },
    ]);
    expect(ingested.rowErrors.map((row) => [row.record.id, row.errors])).toEqual([[1, ["MAPPER-3700-400: the expression of doubled cannot be computed: ~d overflows BIGINT: d = 1.0E40"]]]);
  });
});

describe("an arithmetic overflow over sample data", () => {
  let system: TestSystem;
  let schemaId: string;
  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system, { title: "Overflowing numbers", type: "object", properties: { _id: { type: "string" }, total: { type: "integer" } } });
  });
  afterAll(() => system.close());

  it("validate refuses it with the expression, the type and the operands; a null operand is null", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["big - 1", { big: Number.MIN_SAFE_INTEGER }, ""],
      ["big - 1", { big: MIN }, `big - 1 overflows BIGINT: big = ${MIN}`],
      ["-big", { big: MIN }, `-big overflows BIGINT: big = ${MIN}`],
      ["big / -1", { big: MIN }, `big / -1 overflows BIGINT: big = ${MIN}`],
      ['concat("n=", a * b)', { a: MIN, b: MIN }, `a * b overflows BIGINT: a = ${MIN}, b = ${MIN}`],
      ["big > 0 ? big - 1 : 0", { big: MIN }, ""],
      // JEXL's ~ of a long would wrap an integer past BIGINT to its low 64 bits
      ["~big", { big: "18446744073709551616" }, "~big overflows BIGINT: big = 18446744073709551616"],
      ["~text", { text: "-9223372036854775809" }, "~text overflows BIGINT: text = -9223372036854775809"],
      ["~big", { big: MIN }, ""],
      // a string of more digits than any integer type holds is as much an overflow
      ["~text", { text: `x${FIFTY_DIGITS}` }, `~text overflows BIGINT: text = ${FIFTY_DIGITS}`],
    ];
    for (const [expression, row, failure] of cases) {
      // a number beyond a double's 2^53 goes as written: the JSON text of the sample (a string's digits marked x stay a string)
      const sampleData = JSON.stringify(row).replace(/"(-?\d+)"/g, "$1").replace(/"x(\d+)"/g, '"$1"');
      const reply = await call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
      if (failure) {
        expect(reply.status, `${expression}: ${reply.text}`).toBe(400);
        expect(reply.body.errorMessage ?? reply.body.title, expression).toContain(failure);
      } else {
        expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      }
    }
    const remainder = await call(system, "POST", `${EL}/validate`, { body: { expression: "big % -1", sampleData: `{"big": ${MIN}}` } });
    expect(remainder.body.result).toBe(0);
    const nullOperand = await call(system, "POST", `${EL}/validate`, { body: { expression: "big * 2", sampleData: { big: null, other: 1 } } });
    expect(nullOperand.status, nullOperand.text).toBe(200);
    expect(nullOperand.body.result).toBeNull();
    // ~ of a null is null as -null and null * 2 are (JEXL's lenient arithmetic would read it as 0)
    for (const [expression, sampleData] of [["~null", {}], ["~text", { text: null, other: 1 }]] as const) {
      const reply = await call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
      expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      expect(reply.body.result, expression).toBeNull();
    }
  });

  it("the mapping set preview fails the row with the run's error", async () => {
    const mappingSet = {
      outputSchema: { schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
      mappings: [
        { source: "id", destination: "_id" },
        { sourceType: "EXPRESSION", source: "big * big", destination: "total" },
      ],
    };
    const data = [{ id: "a", big: -3 }, { id: "b", big: null }];
    const ok = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual([{ data: { _id: "a", total: 9 }, errors: null }, { data: { _id: "b" }, errors: null }]);
    // (-2^32)² = 2^64, past BIGINT
    const failed = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data: [{ id: "c", big: -4294967296 }] } });
    expect(failed.status, failed.text).toBe(200);
    expect(failed.body).toEqual([{ data: null, errors: [{ exception: "MAPPER-3700-400: the expression of total cannot be computed: big * big overflows BIGINT: big = -4294967296, big = -4294967296" }] }]);
    const digits = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: { mappingSet: { ...mappingSet, mappings: [mappingSet.mappings[0], { sourceType: "EXPRESSION", source: "~text", destination: "total" }] }, data: [{ id: "d", text: FIFTY_DIGITS }, { id: "e", text: null }] },
    });
    expect(digits.status, digits.text).toBe(200);
    expect(digits.body).toEqual([
      { data: null, errors: [{ exception: `MAPPER-3700-400: the expression of total cannot be computed: ~text overflows BIGINT: text = ${FIFTY_DIGITS}` }] },
      { data: { _id: "e" }, errors: null },
    ]);
  });

  it("the mapping set preview reads the rows' numbers as written, as the run's source column holds them", async () => {
    const textSchema = await createSchema(system, { title: "Numbers as text", type: "object", properties: { _id: { type: "string" }, next: { type: "string" }, exact: { type: "string" } } });
    const mappingSet = {
      outputSchema: { schemaRef: { id: textSchema, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
      mappings: [
        { source: "id", destination: "_id" },
        { sourceType: "EXPRESSION", source: "big + 1", destination: "next" },
        { source: "d", destination: "exact" },
      ],
    };
    // the body's text as a client writes it: these numbers are beyond a double
    const body = `{"mappingSet": ${JSON.stringify(mappingSet)}, "data": [{"id": "a", "big": 41, "d": 1.000000000000000001}, {"id": "b", "big": ${MAX}, "d": 2}]}`;
    const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual([
      { data: { _id: "a", next: "42", exact: "1.000000000000000001" }, errors: null },
      { data: null, errors: [{ exception: `MAPPER-3700-400: the expression of next cannot be computed: big + 1 overflows BIGINT: big = ${MAX}` }] },
    ]);
  });
});
