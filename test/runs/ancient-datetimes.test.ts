/**
 * Dates before 1582-10-15 and timestamps before 1900 reach the dataset exactly: the export asks the
 * cluster for Spark's CORRECTED calendar, where a cluster left at Spark 3's default (EXCEPTION, as
 * the local one is) would refuse the whole export and LEGACY would move them to the Julian calendar.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, sql, waitForRuns } from "../support/journey.js";
import { legacyCalendarSharedPipeline } from "../support/legacy-calendar-files.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
});
afterAll(() => system.close());

it("ingests ancient dates and timestamps as they are in the table", async () => {
  await sql(system, "CREATE TABLE demo.ancient (id STRING, born DATE, seen TIMESTAMP, updated TIMESTAMP) USING DELTA");
  const start = Math.floor(Date.now() / 1000) - 150;
  // inside the first of the two windows that have ended
  const updated = new Date((start + 30) * 1000).toISOString().replace("T", " ").replace("Z", "");
  await sql(
    system,
    `INSERT INTO demo.ancient VALUES
      ('first-day', DATE '0001-01-01', TIMESTAMP '0001-01-01 00:00:00Z', TIMESTAMP '${updated}Z'),
      ('julian-leap', DATE '1500-03-01', TIMESTAMP '1066-10-14 09:00:00.000001Z', TIMESTAMP '${updated}Z'),
      ('before-switch', DATE '1582-10-04', TIMESTAMP '1899-12-31 23:59:59.999999Z', TIMESTAMP '${updated}Z'),
      ('modern', DATE '2024-02-29', TIMESTAMP '2024-02-29 12:00:00Z', TIMESTAMP '${updated}Z')`,
  );
  const schema = {
    title: "ancient",
    type: "object",
    properties: { _id: { type: "string" }, born: { type: "string", format: "date" }, seen: { type: "string", format: "date-time" } },
  };
  const pipeline = await createPipeline(system, {
    tableName: "demo.ancient",
    schema,
    mappings: [{ source: "id", destination: "_id" }, { source: "born", destination: "born" }, { source: "seen", destination: "seen" }],
    columns: [],
  });
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: start, frequency: "minute", interval: 1, backfill: true }, { deltaColumn: "updated" }) });
  expect(created.status, created.text).toBe(201);
  const runs = await waitForRuns(system, created.body.id, 2);
  const finished = runs.map((r) => r.metrics.statusSummary).filter((summary) => summary.status !== "inProgress");
  expect(finished.filter((summary) => summary.status !== "success")).toEqual([]);
  const rows = await datasetRows(system, pipeline.dataSetId, "SELECT _id, CAST(born AS VARCHAR) AS born, strftime(seen, '%Y-%m-%d %H:%M:%S.%f') AS seen FROM $table ORDER BY _id");
  expect(rows).toEqual([
    { _id: "before-switch", born: "1582-10-04", seen: "1899-12-31 23:59:59.999999" },
    { _id: "first-day", born: "0001-01-01", seen: "0001-01-01 00:00:00.000000" },
    { _id: "julian-leap", born: "1500-03-01", seen: "1066-10-14 09:00:00.000001" },
    { _id: "modern", born: "2024-02-29", seen: "2024-02-29 12:00:00.000000" },
  ]);
});

it("refuses a shared table whose data files Spark wrote in its legacy calendar, naming the column and what the provider can do", async () => {
  const pipeline = await legacyCalendarSharedPipeline(system, "ancient");
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: "once" }) });
  expect(created.status, created.text).toBe(201);
  const params = { deltaColumn: { name: "updated" }, windowStartTime: String(Date.UTC(2019, 0, 1) / 1000), windowEndTime: String(Date.UTC(2021, 0, 1) / 1000) };
  const started = await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id, params } });
  expect(started.status, started.text).toBe(201);
  const [run] = await waitForRuns(system, created.body.id, 1);
  expect(run.metrics.statusSummary.status).toBe("failed");
  const [error] = run.metrics.statusSummary.errors;
  expect(error.code).toBe("CONNECTOR-2018-400");
  expect(error.message).toContain("column born holds dates before 1582-10-15");
  expect(error.message).toContain("the data provider can rewrite those rows");
  expect(await datasetRows(system, pipeline.dataSetId, "SELECT * FROM $table")).toEqual([]);
});
