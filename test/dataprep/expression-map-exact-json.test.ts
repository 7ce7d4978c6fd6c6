/**
 * The map functions over a JSON object (json_to_object of a string) keep it as it was: add_to_map
 * keeps a key whose value is null and a key's first value whole, and no number is re-spelled
 * (2.50 stays 2.50, 1.00000000000000000001 keeps its digits) — through validate, the mapping set
 * preview and a real run.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
const FIRST = '{"price": 2.50, "gone": null, "tier": {"name": "gold"}, "rate": 1E2}';
const SECOND = '{"price": 3, "gone": "back", "tier": {"rank": 1}, "exact": 1.00000000000000000001, "big": 123456789012345678901234567890}';

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, { title: "Merged maps as text", type: "object", properties: { _id: { type: "string" }, merged: { type: "string" }, price: { type: "string" }, byId: { type: "string" } } });
});
afterAll(() => system.close());

const validate = (expression: string, sampleData: Record<string, unknown>) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });

describe("add_to_map over JSON objects", () => {
  const scratch = useScratchDuckDb("map-exact-json");

  it("keeps a null-valued key and a key's first value whole, every number as written, in validate", async () => {
    const reply = await validate("add_to_map(json_to_object(first), json_to_object(second))", { first: FIRST, second: SECOND });
    expect(reply.status, reply.text).toBe(200);
    // a number whose spelling a double would not keep is answered as its text
    expect(reply.body.result).toEqual({ price: "2.50", gone: null, tier: { name: "gold" }, rate: "1E2", exact: "1.00000000000000000001", big: "123456789012345678901234567890" });
  });

  it("writes an object's or a MAP's DECIMALs with their scale when merged into a JSON object", async () => {
    // the sample's text as written: its numbers are typed as DECIMALs of exactly their digits
    const sampleData = '{"first": "{\\"price\\": 2.50}", "extra": {"price": 1, "fee": 9.90, "nested": {"rate": 0.50}, "list": [0.50, 1.25]}}';
    const reply = await call(system, "POST", `${EL}/validate`, { body: { expression: "add_to_map(json_to_object(first), extra)", sampleData } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toEqual({ price: "2.50", fee: "9.90", nested: { rate: "0.50" }, list: ["0.50", 1.25] });

    const file = path.join(scratch.dir, "fees.parquet");
    await scratch.conn.run(`COPY (SELECT 'f-1' AS id, '{"price": 2.50}' AS payload, MAP {'fee': 9.90::DECIMAL(5,2), 'none': NULL} AS fees) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceType: "EXPRESSION" as const, sourceAttribute: "add_to_map(json_to_object(payload), fees)", destinationXdmPath: "merged" },
      ],
      schema: { properties: { _id: { type: "string" }, merged: { type: "string" } } },
      dir: path.join(scratch.dir, "fees-run"),
      select: "_id, merged",
    });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([{ _id: "f-1", merged: '{"price":2.50,"fee":9.90,"none":null}' }]);
  });

  it("merges a MAP column into a JSON object with the same rules, in the preview and in a real run", async () => {
    const mappings = [
      { source: "id", destination: "_id" },
      { sourceType: "EXPRESSION", source: "add_to_map(json_to_object(payload), extra)", destination: "merged" },
    ];
    const rows = [{ id: "r-1", payload: FIRST, extra: { gone: "no", added: "yes", none: null } }];
    const columns = [
      { name: "id", type: "string" },
      { name: "payload", type: "string" },
      { name: "extra", type: "map<string,string>" },
    ];
    const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings }, data: rows, columns } });
    expect(reply.status, reply.text).toBe(200);
    const expected = '{"price":2.50,"gone":null,"tier":{"name":"gold"},"rate":1E2,"added":"yes","none":null}';
    expect(reply.body[0].data).toEqual({ _id: "r-1", merged: expected });

    const file = path.join(scratch.dir, "staged.parquet");
    await scratch.conn.run(`COPY (SELECT 'r-1' AS id, '${FIRST}' AS payload, MAP {'gone': 'no', 'added': 'yes', 'none': NULL::VARCHAR} AS extra) TO '${file}' (FORMAT PARQUET)`);
    const schema = { properties: { _id: { type: "string" }, merged: { type: "string" } } };
    const rules = [
      { sourceAttribute: "id", destinationXdmPath: "_id" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: "add_to_map(json_to_object(payload), extra)", destinationXdmPath: "merged" },
    ];
    const ingested = await ingestAndReadBack({ files: [file], rules, schema, dir: path.join(scratch.dir, "run"), select: "_id, merged" });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([{ _id: "r-1", merged: expected }]);
  });
});

describe("the other map functions over a JSON object", () => {
  it("read a value, or an array of objects keyed by an attribute, with its numbers as written", async () => {
    const sampleData = { first: FIRST, list: '[{"id": 1.50, "v": 2.50}, {"id": "b", "v": 1E2}]' };
    const one = await validate('map_get_values(json_to_object(first), "price")', sampleData);
    expect(one.status, one.text).toBe(200);
    expect(one.body.result).toBe("2.50");
    const many = await validate('map_get_values(json_to_object(first), ["rate", "price"])', sampleData);
    expect(many.body.result).toEqual(["1E2", "2.50"]);
    const keyed = await validate('array_to_map(json_to_object(list), "id")', sampleData);
    expect(keyed.status, keyed.text).toBe(200);
    expect(keyed.body.result).toEqual({ "1.50": { id: "1.50", v: "2.50" }, b: { id: "b", v: "1E2" } });
  });
});

describe("json_to_object of a JSON text written in the expression", () => {
  const scratch = useScratchDuckDb("json-constant");
  const expression = 'json_to_object("{\\"price\\": 2.50, \\"exact\\": 1.00000000000000000001, \\"mixed\\": [1, \\"a\\"]}")';

  it("types each number as written, never through a double, in validate and in a real run's string field", async () => {
    const reply = await validate(expression, {});
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.resultType).toBe('STRUCT("price" DECIMAL(3,2), "exact" DECIMAL(21,20), "mixed" JSON[])');
    expect(reply.body.result).toEqual({ price: 2.5, exact: "1.00000000000000000001", mixed: [1, "a"] });

    const file = path.join(scratch.dir, "one.parquet");
    await scratch.conn.run(`COPY (SELECT 'j-1' AS id) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceType: "EXPRESSION" as const, sourceAttribute: 'json_to_object("1.00000000000000000001")', destinationXdmPath: "merged" },
      ],
      schema: { properties: { _id: { type: "string" }, merged: { type: "string" } } },
      dir: path.join(scratch.dir, "run"),
      select: "_id, merged",
    });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([{ _id: "j-1", merged: "1.00000000000000000001" }]);
  });

  it("refuses a number of more digits than a DECIMAL holds, rather than rounding it", async () => {
    const reply = await validate('json_to_object("{\\"n\\": 123456789012345678901234567890123456789012}")', {});
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("json_to_object: the value at $.n, 123456789012345678901234567890123456789012, has 42 digits: a DECIMAL holds at most 38");
  });
});
