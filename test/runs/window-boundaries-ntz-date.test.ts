/**
 * A TIMESTAMP_NTZ or DATE delta column puts each row in exactly one window, as a TIMESTAMP does
 * (incremental.test.ts): a row whose time is a window's end is read by the next window, one a
 * microsecond before by the window it ends; a date is read by the window holding its midnight UTC.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, sql, waitForRuns } from "../support/journey.js";

const DAY = 86_400;
let system: TestSystem;

beforeAll(async () => {
  // the day windows start days ago
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50", FLOW_START_TIME_TOLERANCE_SECONDS: String(4 * DAY) } });
  await configureClusterSas(system);
});
afterAll(() => system.close());

/** A Spark TIMESTAMP_NTZ literal for epoch milliseconds and the microseconds below them. */
function ntz(ms: number, micros = 0): string {
  const iso = new Date(ms).toISOString();
  return `TIMESTAMP_NTZ '${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String((ms % 1000) * 1000 + micros).padStart(6, "0")}'`;
}

/** Runs a flow over the table's `column` from `start` and answers the rows its first three windows wrote, and the dataset's ids. */
async function threeWindows(table: string, column: string, start: number, frequency: string): Promise<{ counts: number[]; ids: string[] }> {
  const schema = { title: table, type: "object", properties: { _id: { type: "string" } } };
  const pipeline = await createPipeline(system, { tableName: table, schema, mappings: [{ source: "id", destination: "_id" }], columns: [] });
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: start, frequency, interval: 1, backfill: false }, { deltaColumn: column }) });
  expect(created.status, created.text).toBe(201);
  const runs = (await waitForRuns(system, created.body.id, 3)).slice(0, 3);
  expect(runs.map((r) => r.metrics.statusSummary.status)).toEqual(["success", "success", "success"]);
  const ids = (await datasetRows(system, pipeline.dataSetId, "SELECT _id FROM $table ORDER BY _id")).map((row) => String(row._id));
  return { counts: runs.map((r) => r.metrics.recordSummary.outputRecordCount), ids };
}

it("reads a TIMESTAMP_NTZ row at a window's end in the next window only", async () => {
  const start = Math.floor(Date.now() / 1000) - 3 * 60 - 20;
  const T = (k: number) => (start + k * 60) * 1000;
  await sql(system, "CREATE TABLE demo.ntz_events (id STRING, at TIMESTAMP_NTZ) USING DELTA");
  await sql(
    system,
    `INSERT INTO demo.ntz_events VALUES ('a-start', ${ntz(T(0))}), ('b-before-end', ${ntz(T(1) - 1, 999)}), ('c-at-end', ${ntz(T(1))}),
      ('d-at-end', ${ntz(T(2))}), ('e-before-end', ${ntz(T(3) - 1, 999)}), ('f-later', ${ntz(T(3))})`,
  );
  expect(await threeWindows("demo.ntz_events", "at", start, "minute")).toEqual({ counts: [2, 1, 2], ids: ["a-start", "b-before-end", "c-at-end", "d-at-end", "e-before-end"] });
});

it("reads a DATE row in the day window of its midnight only", async () => {
  const start = Math.floor(Date.now() / 1000 / DAY) * DAY - 3 * DAY;
  const D = (k: number) => `DATE '${new Date((start + k * DAY) * 1000).toISOString().slice(0, 10)}'`;
  await sql(system, "CREATE TABLE demo.dated (id STRING, day DATE) USING DELTA");
  await sql(system, `INSERT INTO demo.dated VALUES ('a', ${D(-1)}), ('b', ${D(0)}), ('c', ${D(0)}), ('d', ${D(1)}), ('e', ${D(2)}), ('f', ${D(2)}), ('g', ${D(3)})`);
  expect(await threeWindows("demo.dated", "day", start, "day")).toEqual({ counts: [2, 1, 2], ids: ["b", "c", "d", "e", "f"] });
});
