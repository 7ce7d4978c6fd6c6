/**
 * A mapping set body's field the service does not know (a misspelt inputSchema, say) is refused
 * naming it and the fields a body takes, on a create, a PUT and a validation, where it was dropped
 * unseen (and an inputSchema spelt inputschema went unchecked). A mapping set read with GET, its
 * audit fields included, is still taken back by a PUT.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const schema = { title: "People", type: "object", properties: { _id: { type: "string" }, name: { type: "string" } } };
const FIELDS = "xdmSchema, outputSchema, schemaRef, name, xdmVersion, version, id, inputSchema, mappings";

describe("a mapping set body's unknown fields", () => {
  let system: TestSystem;
  let schemaId: string;
  const body = (extra: object = {}) => ({ xdmSchema: schemaId, mappings: [{ sourceType: "ATTRIBUTE", source: "nme", destination: "name" }], ...extra });

  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system, schema);
  });
  afterAll(() => system?.close());

  it("refuses a misspelt inputSchema on a create, naming it, where the mistyped source went unchecked", async () => {
    const columns = { type: "object", properties: { name: { type: "string" } } };
    const reply = await call(system, "POST", MAPPING_SETS, { body: body({ inputschema: { jsonSchema: columns } }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(reply.body.errorMessage).toBe(`The mapping set is not valid: inputschema is not a field of a mapping set: the body takes ${FIELDS}`);
    const spelt = await call(system, "POST", MAPPING_SETS, { body: body({ inputSchema: { jsonSchema: columns } }) });
    expect(spelt.status, spelt.text).toBe(400);
    expect(spelt.body.errorMessage).toContain("nme");
  });

  it("refuses one on a PUT and a validation, and takes back a mapping set read with GET", async () => {
    const created = await call(system, "POST", MAPPING_SETS, { body: body({ mappings: [{ sourceType: "ATTRIBUTE", source: "name", destination: "name" }] }) });
    expect(created.status, created.text).toBe(200);
    const read = (await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`)).body;
    const put = await call(system, "PUT", `${MAPPING_SETS}/${created.body.id}`, { body: { ...read, descripton: "typo" } });
    expect(put.status, put.text).toBe(400);
    expect(put.body.errorMessage).toContain("descripton is not a field of a mapping set");
    const validated = await call(system, "POST", `${MAPPING_SETS}/validate`, { body: body({ mapping: [] }) });
    expect(validated.status, validated.text).toBe(400);
    expect(validated.body.errorMessage).toContain("mapping is not a field of a mapping set");

    const again = await call(system, "PUT", `${MAPPING_SETS}/${created.body.id}`, { body: read });
    expect(again.status, again.text).toBe(200);
  });
});
