/**
 * A STATIC mapping whose constant can never go into its destination is refused when the mapping set
 * is made (created, checked with ?validate=true, or changed one mapping at a time), naming the
 * constant, the destination and its type; and a run's row error of a constant names it as one,
 * never as a column of that name.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const properties = {
  _id: { type: "string" },
  quantity: { type: "integer", "meta:xdmType": "long" },
  code: { type: "string", maxLength: 2 },
  visitedAt: { type: "string", format: "date-time" },
};

describe("STATIC mappings when a mapping set is made", () => {
  let system: TestSystem;
  let schemaId: string;
  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system, { title: "Constants", type: "object", properties });
  });
  afterAll(() => system.close());

  const body = (...constants: Array<[string, string]>) => ({
    xdmSchema: schemaId,
    mappings: [{ source: "id", destination: "_id" }, ...constants.map(([source, destination]) => ({ sourceType: "STATIC", source, destination }))],
  });

  it("refuses a constant that can never convert, naming it, the destination and its type, at creation and with ?validate=true", async () => {
    for (const query of ["", "?validate=true"]) {
      const refused = await call(system, "POST", `${MAPPING_SETS}${query}`, { body: body(["abc", "quantity"], ["xyz", "code"]) });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
      expect(refused.body.errorMessage).toContain('mappings[1]: the constant "abc" can never go into quantity (integer (long)): the constant "abc" cannot be converted to long for quantity: abc');
      expect(refused.body.errorMessage).toContain('mappings[2]: the constant "xyz" can never go into code (string): the constant "xyz" for code is longer than the maxLength 2: xyz');
    }
    const accepted = await call(system, "POST", MAPPING_SETS, { body: body(["42", "quantity"], ["ab", "code"], ["2024-02-29T10:00:00Z", "visitedAt"]) });
    expect(accepted.status, accepted.text).toBe(200);
  });

  it("refuses such a constant added one mapping at a time, and makes no version", async () => {
    const created = await call(system, "POST", MAPPING_SETS, { body: body() });
    expect(created.status, created.text).toBe(200);
    const added = await call(system, "POST", `${MAPPING_SETS}/${created.body.id}/mappings`, { body: { sourceType: "STATIC", source: "not a date", destination: "visitedAt" } });
    expect(added.status, added.text).toBe(400);
    expect(added.body.errorMessage).toContain('the constant "not a date" can never go into visitedAt (string (date-time))');
    expect((await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`)).body.version).toBe(0);
  });
});

describe("a constant's row error in a run", () => {
  const scratch = useScratchDuckDb("static-mappings");

  it("names the constant as a constant", async () => {
    const file = path.join(scratch.dir, "staged.parquet");
    await scratch.conn.run(`COPY (SELECT 1 AS id) TO '${file}' (FORMAT PARQUET)`);
    // a mapping set made before constants were checked still reaches a run
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [{ sourceAttribute: "id", destinationXdmPath: "id" }, { sourceType: "STATIC", sourceAttribute: "abc", destinationXdmPath: "quantity" }],
      schema: { properties: { id: { type: "integer" }, quantity: { type: "integer" } } },
      dir: path.join(scratch.dir, "run"),
      select: "*",
    });
    expect(ingested.rowErrors.map((row) => row.errors)).toEqual([['MAPPER-3700-400: the constant "abc" cannot be converted to integer for quantity: abc']]);
  });
});
