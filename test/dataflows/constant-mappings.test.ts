/**
 * A flow whose mapping set holds a STATIC constant its field can no longer take (the schema gained
 * a maxLength after the mapping set was saved, while its dataset held no data) would fail every
 * row of every run: the flow is refused, naming the constant, the field and why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASETS, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, customerMappings, customerSchema, flowBody, FS } from "../support/journey.js";

describe("a flow over a mapping set with a constant its field cannot take", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  it("is refused with the constant, its field and the reason; the mapping fixed, it is created", async () => {
    const schema = { ...customerSchema, title: "Customers with a source", properties: { ...customerSchema.properties, origin: { type: "string" } } };
    const mappings = [...customerMappings, { sourceType: "STATIC", source: "Databricks", destination: "origin" }];
    const pipeline = await createPipeline(system, { schema, mappings });
    const schemaId = (await call(system, "GET", `${DATASETS}/${pipeline.dataSetId}`)).body[pipeline.dataSetId].schemaRef.id;
    const tightened = await call(system, "PATCH", `${SCHEMAS}/${encodeURIComponent(schemaId)}`, { body: [{ op: "add", path: "/properties/origin/maxLength", value: 3 }] });
    expect(tightened.status, tightened.text).toBe(200);

    const refused = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1428-400");
    expect(refused.body.errorMessage).toContain('the constant "Databricks" can never go into origin (string)');
    expect(refused.body.errorMessage).toContain("is longer than the maxLength 3");

    const loosened = await call(system, "PATCH", `${SCHEMAS}/${encodeURIComponent(schemaId)}`, { body: [{ op: "remove", path: "/properties/origin/maxLength" }] });
    expect(loosened.status, loosened.text).toBe(200);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
  });
});
