/**
 * A window whose staged files are read in several groups (INGEST_SCRATCH_BYTES smaller than they
 * are) says in its run's log how far its mapping is, group by group: here a shared table of three
 * data files, one INSERT each, read through Delta Sharing, each file a group of its own.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { sharingPipeline } from "../support/sharing-connection.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50", INGEST_SCRATCH_BYTES: "3" } });
});
afterAll(() => system.close());

it("logs each group of staged files as it is read and written, with the rows so far", async () => {
  await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
  await sql(system, "CREATE TABLE shared.in_groups (id STRING, n BIGINT) USING DELTA");
  for (const [id, n] of [["a", 1], ["b", 2], ["c", 3]] as const) await sql(system, `INSERT INTO shared.in_groups VALUES ('${id}', ${n})`);
  const pipeline = await sharingPipeline(system, "in_groups", {
    schema: { title: "in groups", type: "object", properties: { _id: { type: "string" }, n: { type: "integer" } } },
    mappings: [
      { source: "id", destination: "_id" },
      { source: "n", destination: "n" },
    ],
    columns: ["id", "n"],
  });
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
  expect(created.status, created.text).toBe(201);
  const [run] = await waitForRuns(system, created.body.id, 1);
  expect(run.metrics.statusSummary.status).toBe("success");

  const log: Array<{ message: string }> = (await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body.items;
  const progress = log.map((line) => line.message).filter((message) => message.startsWith("mapping: ") && message.includes("groups of staged files"));
  expect(progress).toEqual([
    "mapping: 1 of 3 groups of staged files read and written, 1 rows so far, 0 failed",
    "mapping: 2 of 3 groups of staged files read and written, 2 rows so far, 0 failed",
    "mapping: 3 of 3 groups of staged files read and written, 3 rows so far, 0 failed",
  ]);
  expect(await datasetRows(system, pipeline.dataSetId, "SELECT _id, CAST(n AS INTEGER) AS n FROM $table ORDER BY _id")).toEqual([{ _id: "a", n: 1 }, { _id: "b", n: 2 }, { _id: "c", n: 3 }]);
});
