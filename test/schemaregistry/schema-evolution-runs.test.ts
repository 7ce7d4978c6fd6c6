import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, waitForRuns } from "../support/journey.js";
import { encoded, REGISTRY } from "./registry-calls.js";

/**
 * Schema evolution end to end (docs/api/schemaregistry.md#schema-evolution): a change of a field's
 * type, which the dataset's table could not take, is refused, so the next run still lands its rows
 * next to the earlier ones instead of failing.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 2 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
});
afterAll(() => system.close());

async function runOnce(pipeline: Awaited<ReturnType<typeof createPipeline>>) {
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
  expect(created.status, created.text).toBe(201);
  const [run] = await waitForRuns(system, created.body.id, 1, 150_000);
  expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics)).toBe("success");
  return run;
}

describe("a schema whose dataset holds rows", () => {
  it("refuses a type change of one of its fields, and the next run still succeeds", async () => {
    const pipeline = await createPipeline(system);
    await runOnce(pipeline);
    const dataSet = (await call(system, "GET", `/data/foundation/catalog/dataSets/${pipeline.dataSetId}`)).body[pipeline.dataSetId];
    const schemaPath = `${REGISTRY}/tenant/schemas/${encoded(dataSet.schemaRef.id)}`;

    const retyped = await call(system, "PATCH", schemaPath, { body: [{ op: "replace", path: "/properties/customerId", value: { type: "string" } }] });
    expect(retyped.status, retyped.text).toBe(400);
    expect(retyped.body.errorMessage).toContain(`the field customerId changes type from long to string in the schema ${dataSet.schemaRef.id}, which the dataset ${pipeline.dataSetId}`);

    await runOnce(pipeline);
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT typeof(customerId) AS type FROM $table");
    expect(rows).toEqual(Array(4).fill({ type: "BIGINT" }));
  }, 360_000);
});
