/**
 * A FLOAT column read back as the number Spark shows for it: 1.1, not the double nearest the float
 * (1.100000023841858), in the mapping preview, the dataset's preview and a failed row's record,
 * alone or in an array or a struct — as explore's preview and the dataset's own text show it; and a
 * whole or large FLOAT or DOUBLE (100.0, 3.4028235E38) is a number there, not its text.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, sql, waitForRuns } from "../support/journey.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await sql(system, "CREATE TABLE demo.readings (id STRING, d DOUBLE, f FLOAT, fs ARRAY<FLOAT>, st STRUCT<g: FLOAT, n: STRING>) USING DELTA");
  await sql(
    system,
    `INSERT INTO demo.readings VALUES
      ('r-1', 100.0, CAST('1.1' AS FLOAT), array(CAST('0.3' AS FLOAT), NULL, CAST('-2.5E-5' AS FLOAT)), named_struct('g', CAST('3.4028235E38' AS FLOAT), 'n', 'a')),
      ('r-2', 1e20, CAST('16777217' AS FLOAT), array(), named_struct('g', CAST(NULL AS FLOAT), 'n', 'too long'))`,
  );
});
afterAll(() => system.close());

const schema = {
  title: "Readings",
  type: "object",
  properties: {
    _id: { type: "string" },
    d: { type: "number" },
    f: { type: "number" },
    fs: { type: "array", items: { type: "number" } },
    st: { type: "object", properties: { g: { type: "number" }, n: { type: "string", maxLength: 3 } } },
  },
};
const mappings = ["d", "f", "fs", "st"].map((name) => ({ source: name, destination: name }));
const mappingsWithId = [{ source: "id", destination: "_id" }, ...mappings];
const stored = { _id: "r-1", d: 100, f: 1.1, fs: [0.3, null, -2.5e-5], st: { g: 3.4028235e38, n: "a" } };

it("shows a FLOAT as Spark writes it, and a DOUBLE as a number, in the mapping preview, the dataset preview and a failed row's record", async () => {
  const pipeline = await createPipeline(system, { tableName: "demo.readings", schema, mappings: mappingsWithId, columns: [] });

  const mappingSet = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body;
  const previewed = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: mappingSet.outputSchema, mappings: mappingsWithId }, sourceConnectionId: pipeline.sourceId } });
  expect(previewed.status, previewed.text).toBe(200);
  expect(previewed.body.find((r: { data: { _id: string } }) => r.data._id === "r-1").data).toEqual(stored);

  const flow = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }, { options: { partialIngestionPercent: 50 } }) });
  expect(flow.status, flow.text).toBe(201);
  const [run] = await waitForRuns(system, flow.body.id, 1);
  expect(run.metrics.recordSummary, JSON.stringify(run)).toMatchObject({ outputRecordCount: 1, failedRecordCount: 1 });
  // the dataset holds the floats themselves
  expect(await datasetRows(system, pipeline.dataSetId, "SELECT typeof(f) AS type, f = CAST('1.1' AS FLOAT) AS same FROM $table")).toEqual([{ type: "FLOAT", same: true }]);

  const preview = await call(system, "GET", `/data/foundation/export/datasets/${pipeline.dataSetId}/preview`);
  expect(preview.status, preview.text).toBe(200);
  expect(preview.body.data).toEqual([stored]);

  const batchId = run.activities[1].targetInfo[0].reference.ids[0];
  const failed = await call(system, "GET", `/data/foundation/export/batches/${batchId}/failed`);
  expect(failed.status, failed.text).toBe(200);
  const file = failed.body.data[0]._links.self.href as string;
  const lines = (await call(system, "GET", new URL(file).pathname + new URL(file).search)).text.split("\n").filter(Boolean);
  expect(lines.map((line) => JSON.parse(line).record)).toEqual([{ id: "r-2", d: 1e20, f: 1.6777216e7, fs: [], st: { g: null, n: "too long" } }]);
});
