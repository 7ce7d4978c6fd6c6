import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset } from "../support/aep-calls.js";
import { insertBatch } from "../catalog/catalog-fixtures.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, PROFILE, profileSchema, REGISTRY, TENANT } from "./registry-calls.js";

/**
 * Schema evolution (docs/api/schemaregistry.md#schema-evolution): once a dataset is built on a
 * schema, a change of the schema or of a field group or data type it uses may only add to it.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const tenant = (segment: string) => `${REGISTRY}/tenant/${segment}`;
const ADDITIVE_ONLY = "Only additive changes are allowed once a schema is used by a dataset holding data";

/** A dataset of the schema holding data: a batch committed into it. */
async function datasetWithData(schemaId: string, name: string): Promise<string> {
  const dataSetId = await createDataset(system, schemaId, name);
  await insertBatch(system, { datasetId: dataSetId, createdAt: Date.now() });
  return dataSetId;
}

/** A field group of `_test.score` (long), `_test.name` (string, at most 20 characters) and `_test.tier` (enum). */
function scoresGroup(title: string) {
  return {
    title,
    type: "object",
    "meta:intendedToExtend": [PROFILE],
    properties: {
      [TENANT]: {
        type: "object",
        properties: {
          score: { type: "integer", "meta:xdmType": "long" },
          name: { type: "string", maxLength: 20 },
          tier: { type: "string", enum: ["gold", "silver"] },
        },
      },
    },
  };
}

/** A field group, a Profile schema of it and (unless `withDataset` is false) a dataset of the schema holding data. */
async function groupInUse(title: string, withDataset = true) {
  const group = await createTenantResource(system, "fieldgroups", scoresGroup(title));
  const schema = await createTenantResource(system, "schemas", profileSchema(`${title} schema`, [group.$id]));
  const dataSetId = withDataset ? await datasetWithData(schema.$id, `${title} dataset`) : undefined;
  return { group, schema, dataSetId, path: `${tenant("fieldgroups")}/${encoded(group.$id)}` };
}

const field = (name: string) => `/properties/${TENANT}/properties/${name}`;

describe("a field group used by a schema with a dataset", () => {
  it("refuses changing a field's type, naming the field, the schema, the dataset and the rule, and keeps the field group as it was", async () => {
    const { group, schema, dataSetId, path } = await groupInUse("Scores");
    const reply = await call(system, "PATCH", path, { body: [{ op: "replace", path: field("score"), value: { type: "string" } }] });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1000-400");
    expect(reply.body.errorMessage).toBe(
      `${ADDITIVE_ONLY}: with this change of the field group ${group.$id}, the field ${TENANT}.score changes type from long to string in the schema ${schema.$id}, which the dataset ${dataSetId} ("Scores dataset") holds data of. Add a new field instead, or build a new schema (and dataset) for the new shape.`,
    );
    expect(reply.body.report).toMatchObject({ path: `${TENANT}.score`, schema: schema.$id, dataSets: [dataSetId] });
    const stored = await call(system, "GET", path);
    expect(stored.body.version).toBe("1.0");
    expect(stored.body.properties[TENANT].properties.score["meta:xdmType"]).toBe("long");
  });

  it.each([
    ["removing a field", [{ op: "remove", path: field("name") }], `${TENANT}.name is removed`],
    ["renaming a field", [{ op: "remove", path: field("name") }, { op: "add", path: field("fullName"), value: { type: "string", maxLength: 20 } }], `${TENANT}.name is removed`],
    ["narrowing an integer", [{ op: "replace", path: `${field("score")}/meta:xdmType`, value: "int" }], `${TENANT}.score narrows from long to int`],
    ["making a field required", [{ op: "add", path: `/properties/${TENANT}/required`, value: ["name"] }], `${TENANT}.name becomes required`],
    ["lowering a maxLength", [{ op: "replace", path: `${field("name")}/maxLength`, value: 10 }], `${TENANT}.name gets maxLength 10 (was 20)`],
    ["adding a minimum", [{ op: "add", path: `${field("score")}/minimum`, value: 0 }], `${TENANT}.score gets minimum 0 (was none)`],
    ["adding a pattern", [{ op: "add", path: `${field("name")}/pattern`, value: "^[A-Z]" }], `${TENANT}.name gets pattern "^[A-Z]" (was none)`],
    ["dropping an enum value", [{ op: "replace", path: `${field("tier")}/enum`, value: ["gold"] }], `${TENANT}.tier drops enum values ["silver"]`],
  ])("refuses %s", async (_, ops, expected) => {
    const { path } = await groupInUse(`Breaking ${expected}`);
    const reply = await call(system, "PATCH", path, { body: ops });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain(ADDITIVE_ONLY);
    expect(reply.body.errorMessage).toContain(`the field ${expected} in the schema`);
  });

  it("refuses a PUT that drops a field too", async () => {
    const { group, path } = await groupInUse("Replaced scores");
    const { score, tier } = group.properties[TENANT].properties;
    const reply = await call(system, "PUT", path, { body: { ...group, properties: { [TENANT]: { type: "object", properties: { score, tier } } } } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain(`the field ${TENANT}.name is removed`);
  });

  it("allows additive changes: a new optional or required field, a wider integer, looser constraints, a required field made optional, a new title", async () => {
    const { path } = await groupInUse("Growing scores");
    const steps = [
      [{ op: "add", path: field("nickname"), value: { type: "string" } }],
      [{ op: "add", path: field("memberId"), value: { type: "string" } }, { op: "add", path: `/properties/${TENANT}/required`, value: ["memberId"] }],
      [{ op: "replace", path: `${field("name")}/maxLength`, value: 40 }],
      [{ op: "add", path: `${field("tier")}/enum/-`, value: "bronze" }],
      [{ op: "replace", path: `/properties/${TENANT}/required`, value: [] }],
      [{ op: "replace", path: "/title", value: "Growing scores, renamed" }],
    ];
    for (const ops of steps) {
      const reply = await call(system, "PATCH", path, { body: ops });
      expect(reply.status, `${JSON.stringify(ops)}: ${reply.text}`).toBe(200);
    }
    const narrowFirst = await groupInUse("Widened scores", false);
    expect((await call(system, "PATCH", narrowFirst.path, { body: [{ op: "replace", path: `${field("score")}/meta:xdmType`, value: "int" }] })).status).toBe(200);
    await datasetWithData(narrowFirst.schema.$id, "Widened scores dataset");
    const widened = await call(system, "PATCH", narrowFirst.path, { body: [{ op: "replace", path: `${field("score")}/meta:xdmType`, value: "long" }] });
    expect(widened.status, widened.text).toBe(200);
  });

  it("allows any change while no dataset uses a schema of it, or while its datasets hold no data", async () => {
    const { path } = await groupInUse("Unused scores", false);
    const reply = await call(system, "PATCH", path, { body: [{ op: "replace", path: field("score"), value: { type: "string" } }, { op: "remove", path: field("name") }] });
    expect(reply.status, reply.text).toBe(200);

    const empty = await groupInUse("Scores of an empty dataset", false);
    const dataSetId = await createDataset(system, empty.schema.$id, "Empty scores dataset");
    const changed = await call(system, "PATCH", empty.path, { body: [{ op: "replace", path: field("score"), value: { type: "string" } }] });
    expect(changed.status, changed.text).toBe(200);
    // its first batch: from now on only additive changes
    await insertBatch(system, { datasetId: dataSetId, createdAt: Date.now() });
    const refused = await call(system, "PATCH", empty.path, { body: [{ op: "remove", path: field("name") }] });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.report.dataSets).toEqual([dataSetId]);
  });
});

describe("a data type or schema a dataset's schema uses", () => {
  it("refuses changing a data type's field deep under a field group, naming every dataset of the schema", async () => {
    const dataType = await createTenantResource(system, "datatypes", { title: "Points", type: "object", properties: { balance: { type: "number" } } });
    const group = await createTenantResource(system, "fieldgroups", {
      title: "Points holder",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: { [TENANT]: { type: "object", properties: { points: { $ref: dataType.$id } } } },
    });
    const schema = await createTenantResource(system, "schemas", profileSchema("Points schema", [group.$id]));
    const first = await datasetWithData(schema.$id, "Points one");
    const second = await datasetWithData(schema.$id, "Points two");
    const reply = await call(system, "PATCH", `${tenant("datatypes")}/${encoded(dataType.$id)}`, { body: [{ op: "replace", path: "/properties/balance", value: { type: "string" } }] });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain(`with this change of the data type ${dataType.$id}, the field ${TENANT}.points.balance changes type from number to string in the schema ${schema.$id}`);
    expect(reply.body.errorMessage).toContain(`which the datasets ${first} ("Points one"), ${second} ("Points two") hold data of.`);
    const added = await call(system, "PATCH", `${tenant("datatypes")}/${encoded(dataType.$id)}`, { body: [{ op: "add", path: "/properties/currency", value: { type: "string" } }] });
    expect(added.status, added.text).toBe(200);
  });

  it("refuses a schema's own change that removes a field or drops a field group", async () => {
    const schema = await createTenantResource(system, "schemas", {
      title: "Inline customers",
      type: "object",
      properties: { _id: { type: "string" }, email: { type: "string" }, age: { type: "integer" } },
    });
    await datasetWithData(schema.$id, "Inline customers dataset");
    const path = `${tenant("schemas")}/${encoded(schema.$id)}`;
    const removed = await call(system, "PATCH", path, { body: [{ op: "remove", path: "/properties/age" }] });
    expect(removed.status, removed.text).toBe(400);
    expect(removed.body.errorMessage).toContain(`with this change of the schema ${schema.$id}, the field age is removed in the schema ${schema.$id}`);
    const added = await call(system, "PATCH", path, { body: [{ op: "add", path: "/properties/phone", value: { type: "string" } }] });
    expect(added.status, added.text).toBe(200);

    const { schema: profile } = await groupInUse("Dropped scores");
    const dropped = await call(system, "PATCH", `${tenant("schemas")}/${encoded(profile.$id)}`, { body: [{ op: "remove", path: "/allOf/1" }] });
    expect(dropped.status, dropped.text).toBe(400);
    expect(dropped.body.errorMessage).toContain(`the field ${TENANT} is removed`);
  });
});
