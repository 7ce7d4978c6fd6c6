import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";

const soon = (seconds = 1) => Math.floor(Date.now() / 1000) + seconds;

describe("a table name is read the same way by validation, explore and runs", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 40 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  it.each([
    ["demo.`customers`", 40],
    ["`demo`.`odd.name`", 3],
    ["demo.`we``ird`", 2],
  ])("runs a flow over %s to success with the table's rows", async (tableName, rowCount) => {
    if (tableName.includes("odd.name")) {
      await sql(system, "CREATE TABLE demo.`odd.name` AS SELECT * FROM demo.customers WHERE id <= 3");
    }
    if (tableName.includes("we``ird")) {
      await sql(system, "CREATE TABLE demo.`we``ird` AS SELECT * FROM demo.customers WHERE id <= 2");
    }
    const pipeline = await createPipeline(system, { tableName });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(), frequency: "once" }) });
    expect(created.status).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT customerId FROM $table ORDER BY customerId");
    expect(rows.map((r) => Number(r.customerId))).toEqual(Array.from({ length: rowCount }, (_, k) => k + 1));
  });

  it("refuses at creation a delta column the table lacks, although the source connection lists no columns", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.`customers`", columns: [] });
    const schedule = { startTime: soon(60), frequency: "minute", interval: 15 };
    const refused = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule, { deltaColumn: "no_such_column" }) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("no_such_column");
    expect(refused.text).toContain("demo.customers");
    const accepted = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule, { deltaColumn: "UPDATED_AT" }) });
    expect(accepted.status).toBe(201);
    const patched = await call(system, "PATCH", `${FS}/flows/${accepted.body.id}`, {
      headers: { "if-match": accepted.body.etag },
      body: [{ op: "replace", path: "/transformations/0/params/deltaColumn/name", value: "no_such_column" }],
    });
    expect(patched.status).toBe(400);
    expect(patched.text).toContain("no_such_column");
    await call(system, "DELETE", `${FS}/flows/${accepted.body.id}`);
  });
});
