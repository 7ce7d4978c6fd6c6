import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset } from "../support/aep-calls.js";
import { insertBatch } from "../catalog/catalog-fixtures.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, EXPERIENCE_EVENT, PROFILE, REGISTRY, TENANT, XED, XED_FULL } from "./registry-calls.js";

/**
 * A saved schema keeps its class (docs/api/schemaregistry.md#replace-and-patch): a PUT or PATCH
 * that names another class, or none — a PUT of the -full view read back from GET among them — is
 * refused, and the schema is left as it was.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const COMMERCE = "https://ns.adobe.com/xdm/context/experienceevent-commerce";
const INVALID = "https://ns.adobe.com/aep/errors/XDM-1000-400";
const schemaPath = (schema: { $id: string }) => `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`;

async function eventSchema(title: string) {
  return createTenantResource(system, "schemas", { title, type: "object", allOf: [{ $ref: EXPERIENCE_EVENT }, { $ref: COMMERCE }] });
}

describe("a schema's class", () => {
  it("refuses a PUT of the schema's -full view, naming its class and the body to send instead, and leaves the schema and its dataset's class as they were", async () => {
    const schema = await eventSchema("Orders by event");
    const dataSetId = await createDataset(system, schema.$id, "Orders by event");
    await insertBatch(system, { datasetId: dataSetId, createdAt: Date.now() });
    const full = await call(system, "GET", schemaPath(schema), { headers: { accept: "application/vnd.adobe.xed-full+json;version=1" } });
    expect(full.status, full.text).toBe(200);
    expect(full.body.required).toEqual(expect.arrayContaining(["_id", "timestamp"]));

    const put = await call(system, "PUT", schemaPath(schema), { body: full.body });
    expect(put.status, put.text).toBe(400);
    expect(put.body.type).toBe(INVALID);
    expect(put.body.errorMessage).toBe(
      `The schema is not valid: the schema ${schema.$id} is of the class ${EXPERIENCE_EVENT}, and this body names no class in allOf: a saved schema keeps its class. ` +
        `The body is the schema's -full view (its class's and field groups' fields resolved into properties, no allOf), which stands for no class and no field group. ` +
        `To change the schema, send it as GET answers with Accept application/vnd.adobe.xed+json;version=1 (aepp: getSchema(…, full=False)), whose allOf names {"$ref": "${EXPERIENCE_EVENT}"} and its field groups, or change it with PATCH.`,
    );

    const after = await call(system, "GET", schemaPath(schema), { headers: { accept: XED_FULL } });
    expect(after.body).toMatchObject({ version: "1.0", "meta:class": EXPERIENCE_EVENT });
    expect(after.body["meta:extends"]).toEqual(expect.arrayContaining([EXPERIENCE_EVENT, COMMERCE]));
    expect(after.body.required).toEqual(expect.arrayContaining(["_id", "timestamp"]));
    const dataSet = await call(system, "GET", `/data/foundation/catalog/dataSets/${dataSetId}`);
    expect(dataSet.body[dataSetId].classification.dataBehavior).toBe("time-series");

    // the stored view sent back, as aepp's addFieldGroupToSchema does, is taken
    const raw = await call(system, "GET", schemaPath(schema), { headers: { accept: XED } });
    const kept = await call(system, "PUT", schemaPath(schema), { body: { ...raw.body, description: "orders as events" } });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body).toMatchObject({ version: "1.1", "meta:class": EXPERIENCE_EVENT, description: "orders as events" });
  });

  it("refuses a PUT or PATCH that names another class, or none, whether or not a dataset holds data of the schema", async () => {
    const schema = await eventSchema("Events to keep");
    const toProfile = await call(system, "PUT", schemaPath(schema), { body: { title: schema.title, type: "object", allOf: [{ $ref: PROFILE }] } });
    expect(toProfile.status, toProfile.text).toBe(400);
    expect(toProfile.body.errorMessage).toContain(
      `the schema ${schema.$id} is of the class ${EXPERIENCE_EVENT}, and this body gives it the class ${PROFILE}: a saved schema keeps its class.`,
    );
    expect(toProfile.body.errorMessage).toContain(`; for data of the class ${PROFILE}, create a new schema (and dataset) of that class.`);

    const replaced = await call(system, "PATCH", schemaPath(schema), { body: [{ op: "replace", path: "/allOf/0", value: { $ref: PROFILE } }, { op: "remove", path: "/allOf/1" }] });
    expect(replaced.status, replaced.text).toBe(400);
    expect(replaced.body.errorMessage).toContain(`and this body gives it the class ${PROFILE}`);

    const inline = { [TENANT]: { type: "object", properties: { note: { type: "string" } } } };
    const removed = await call(system, "PATCH", schemaPath(schema), {
      body: [{ op: "replace", path: "/allOf", value: [] }, { op: "add", path: "/properties", value: inline }],
    });
    expect(removed.status, removed.text).toBe(400);
    expect(removed.body.errorMessage).toContain(`is of the class ${EXPERIENCE_EVENT}, and this body names no class in allOf: a saved schema keeps its class. To change the schema, send it`);

    const unchanged = await call(system, "GET", schemaPath(schema), { headers: { accept: XED } });
    expect(unchanged.body).toMatchObject({ version: "1.0", "meta:class": EXPERIENCE_EVENT });
  });

  it("refuses giving a class to a schema of inline fields", async () => {
    const schema = await createTenantResource(system, "schemas", { title: "Inline rows", type: "object", properties: { [TENANT]: { type: "object", properties: { id: { type: "string" } } } } });
    const reply = await call(system, "PUT", schemaPath(schema), { body: { title: schema.title, type: "object", allOf: [{ $ref: PROFILE }], properties: schema.properties } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain(`the schema ${schema.$id} is of no class (its fields are inline), and this body gives it the class ${PROFILE}: a saved schema keeps its class.`);
    // its -full view sent back is the same schema of inline fields
    const full = await call(system, "GET", schemaPath(schema), { headers: { accept: XED_FULL } });
    const same = await call(system, "PUT", schemaPath(schema), { body: full.body });
    expect(same.status, same.text).toBe(200);
  });
});
