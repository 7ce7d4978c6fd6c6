import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system);
});
afterAll(() => system.close());

describe("Data Prep mapping sets", () => {
  const mapping = (destinationXdmPath: string, sourceAttribute: string) => ({
    destinationXdmPath,
    sourceAttribute,
    identity: false,
    identityGroup: null,
    namespaceCode: null,
    version: 0,
  });

  it("creates a mapping set (200, 32-hex id) whose destinations are fields of the schema", async () => {
    const body = {
      version: 0,
      xdmSchema: schemaId,
      xdmVersion: "1.0",
      id: null,
      mappings: [mapping("_id", "id"), mapping("person.name", "name"), mapping("person.email", "email"), mapping("updatedAt", "updated_at")],
    };
    const created = await call(system, "POST", MAPPING_SETS, { body });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), version: 0, createdDate: expect.any(Number), modifiedDate: expect.any(Number), createdBy: "test-client@AdobeID", modifiedBy: "test-client@AdobeID" });
    const got = await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`);
    expect(got.body).toMatchObject({ id: created.body.id, xdmSchema: schemaId, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }, {}, {}, {}] });
    const list = await call(system, "GET", `${MAPPING_SETS}?limit=5`);
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    expect(list.body._links).toEqual({});
  });

  it("refuses destinations that are not in the schema, and sources not in the input schema", async () => {
    const wrongDestination = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("person.age", "age")] } });
    expect(wrongDestination.status).toBe(400);
    expect(wrongDestination.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(wrongDestination.body.errorMessage).toContain("person.age is not a field of the schema");

    const inputSchema = { jsonSchema: { type: "object", properties: { id: { type: "integer" }, address: { type: "object", properties: { city: { type: "string" } } } } } };
    const ok = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "id"), mapping("country", "address.city")] } });
    expect(ok.status, ok.text).toBe(200);
    const wrongSource = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "missing")] } });
    expect(wrongSource.status).toBe(400);
    expect(wrongSource.body.errorMessage).toContain("mappings[0].source missing is not a source column");
  });

  it.each([
    [{ mappings: [] }],
    [{ xdmSchema: "https://ns.adobe.com/test/schemas/nope", mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] }],
    [{ xdmSchema: "x", mappings: "no" }],
    [{ xdmSchema: "x", mappings: [{ destinationXdmPath: "_id", sourceAttribute: "concat(a,b)", sourceType: "EXPRESSION" }] }],
  ])("refuses %j", async (body) => {
    const reply = await call(system, "POST", MAPPING_SETS, { body });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
  });
});
