/**
 * A source table with VARIANT columns (Databricks' semi-structured type), at the top and inside a struct and an array: explore
 * describes them as strings, preview and the mapping preview show their JSON, and a run stores in the dataset each VARIANT's JSON
 * as Spark's to_json writes it — keys in order, a decimal's scale kept, a double as Java writes it — and a NULL as NULL.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createConnection, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, type Pipeline, sql, waitForRuns } from "../support/journey.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await sql(system, "CREATE TABLE demo.events (id STRING, payload VARIANT, meta STRUCT<v: VARIANT, n: INT>, items ARRAY<VARIANT>) USING DELTA");
  await sql(
    system,
    `INSERT INTO demo.events VALUES
      ('e-1', parse_json('{"zeta": 1.10, "alpha": [1e20, "x", null], "id": 12345678901234567890123}'), named_struct('v', parse_json('"tag"'), 'n', 1), array(parse_json('true'), parse_json('{"k": -0.0}'))),
      ('e-2', NULL, CAST(NULL AS STRUCT<v: VARIANT, n: INT>), CAST(NULL AS ARRAY<VARIANT>))`,
  );
  // every table of the schema shared is in the local workspace's share demo_share
  await sql(system, "CREATE SCHEMA shared");
  await sql(system, "CREATE TABLE shared.events AS SELECT * FROM demo.events");
});
afterAll(() => system.close());

const schema = {
  title: "Events",
  type: "object",
  properties: {
    _id: { type: "string" },
    payload: { type: "string" },
    meta: { type: "object", properties: { v: { type: "string" }, n: { type: "integer" } } },
    items: { type: "array", items: { type: "string" } },
  },
};
const mappings = [{ source: "id", destination: "_id" }, ...["payload", "meta", "items"].map((name) => ({ source: name, destination: name }))];
const PAYLOAD = '{"alpha":[1.0E20,"x",null],"id":12345678901234567890123,"zeta":1.10}';
const first = { _id: "e-1", payload: PAYLOAD, meta: { v: '"tag"', n: 1 }, items: ["true", '{"k":0.0}'] };

/** explore's preview of the table */
const explored = [
  { id: "e-1", payload: PAYLOAD, meta: { v: '"tag"', n: 1 }, items: ["true", '{"k":0.0}'] },
  { id: "e-2", payload: null, meta: null, items: null },
];

it("describes a VARIANT column as a string and shows its JSON in explore's preview", async () => {
  const connectionId = await createConnection(system);
  const table = await call(system, "GET", `${FS}/connections/${connectionId}/explore?objectType=table&object=demo.events&preview=true`);
  expect(table.status, table.text).toBe(200);
  const columns = table.body.schema.columns.map((c: { name: string; type: string; xdm: object }) => [c.name, c.type, c.xdm]);
  expect(columns.slice(1)).toEqual([
    ["payload", "variant", { type: "string" }],
    ["meta", "struct<v:variant,n:int>", expect.objectContaining({ type: "object", properties: expect.objectContaining({ v: { type: "string" } }) })],
    ["items", "array<variant>", { type: "array", items: { type: "string" } }],
  ]);
  expect(table.body.data).toEqual(explored);
});

/** a run of the whole table into a new dataset; the rows it stored (`select`, of the dataset's table) */
async function ingest(pipeline: Pipeline, select = "SELECT _id, payload, meta.v AS v, CAST(meta.n AS INTEGER) AS n, items FROM $table ORDER BY _id") {
  const flow = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
  expect(flow.status, flow.text).toBe(201);
  const [run] = await waitForRuns(system, flow.body.id, 1, 20_000);
  expect(run.metrics.statusSummary.status, JSON.stringify(run)).toBe("success");
  expect(run.metrics.recordSummary, JSON.stringify(run)).toMatchObject({ outputRecordCount: 2, failedRecordCount: 0 });
  return datasetRows(system, pipeline.dataSetId, select);
}
const stored = [
  { _id: "e-1", payload: PAYLOAD, v: '"tag"', n: 1, items: ["true", '{"k":0.0}'] },
  { _id: "e-2", payload: null, v: null, n: null, items: null },
];

it("stores each VARIANT as Spark's JSON of it, at the top, in a struct and in an array, and a NULL as NULL", async () => {
  const pipeline = await createPipeline(system, { tableName: "demo.events", schema, mappings, columns: [] });
  const mappingSet = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body;
  const previewed = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: mappingSet.outputSchema, mappings }, sourceConnectionId: pipeline.sourceId } });
  expect(previewed.status, previewed.text).toBe(200);
  expect(previewed.body.find((r: { data: { _id: string } }) => r.data._id === "e-1").data).toEqual(first);

  expect(await ingest(pipeline)).toEqual(stored);
});

it("stores the same when the source connection lists the columns it reads", async () => {
  const listed = { title: "Payloads", type: "object", properties: { _id: { type: "string" }, payload: { type: "string" } } };
  const pipeline = await createPipeline(system, { tableName: "demo.events", schema: listed, mappings: mappings.slice(0, 2), columns: ["payload", "id"] });
  expect(await ingest(pipeline, "SELECT _id, payload FROM $table ORDER BY _id")).toEqual(stored.map(({ _id, payload }) => ({ _id, payload })));
});

it("stores the same through a SQL warehouse, whose result holds each VARIANT's JSON", async () => {
  const connectionId = await createConnection(system, { clusterId: undefined, warehouseId: "local-warehouse" });
  const pipeline = await createPipeline(system, { connectionId, tableName: "demo.events", schema, mappings, columns: [] });
  expect(await ingest(pipeline)).toEqual(stored);
});

it("previews and stores the same from a Delta Sharing source, whose files hold Spark's layout of each VARIANT", async () => {
  const connection = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
  expect(connection.status, connection.text).toBe(201);
  const table = await call(system, "GET", `${FS}/connections/${connection.body.id}/explore?objectType=table&object=demo_share.shared.events&preview=true`);
  expect(table.status, table.text).toBe(200);
  expect(table.body.data).toEqual(explored);
  const pipeline = await createPipeline(system, { connectionId: connection.body.id, connectionSpecId: SHARING_SPEC, tableName: "demo_share.shared.events", schema, mappings, columns: [] });
  expect(await ingest(pipeline)).toEqual(stored);
});

it("has the sharing server answer a VARIANT table only to a client that lists varianttype among its reader features", async () => {
  const query = (capabilities?: string) =>
    fetch(`${system.workspace!.sharingEndpoint}/shares/demo_share/schemas/shared/tables/events/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEV_SHARING_TOKEN}`, "content-type": "application/json", ...(capabilities ? { "delta-sharing-capabilities": capabilities } : {}) },
      body: "{}",
    });
  for (const capabilities of [undefined, "responseformat=parquet", "responseformat=delta,parquet;readerfeatures=deletionvectors"]) {
    const refused = await query(capabilities);
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toContain("VARIANT columns");
  }
  const answered = await query("responseformat=delta,parquet;readerfeatures=varianttype");
  expect(answered.status).toBe(200);
  expect(answered.headers.get("delta-sharing-capabilities")).toBe("responseformat=delta");
});

it("stores each VARIANT of a change data feed's rows, the first run's snapshot and the changes after it", async () => {
  await sql(system, "CREATE TABLE demo.event_changes (id STRING, payload VARIANT) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
  await sql(system, `INSERT INTO demo.event_changes VALUES ('e-1', parse_json('{"v": 1.50}')), ('e-2', parse_json('[1e20]'))`);
  const listed = { title: "Changes", type: "object", properties: { _id: { type: "string" }, payload: { type: "string" } } };
  const pipeline = await createPipeline(system, { tableName: "demo.event_changes", cdcEnabled: true, primaryKey: ["id"], schema: listed, mappings: mappings.slice(0, 2), columns: ["id", "payload"] });
  const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) })).body.id;
  expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
  await sql(system, `UPDATE demo.event_changes SET payload = parse_json('{"v": [true, null]}') WHERE id = 'e-1'`);
  await sql(system, "DELETE FROM demo.event_changes WHERE id = 'e-2'");
  expect((await call(system, "POST", `${FS}/runs`, { body: { flowId } })).status).toBe(201);
  const runs = await waitForRuns(system, flowId, 2);
  expect(runs[1].metrics.statusSummary, JSON.stringify(runs[1].metrics.statusSummary)).toMatchObject({ status: "success" });
  expect(await datasetRows(system, pipeline.dataSetId, "SELECT _id, _change_request_type AS t, payload FROM $table ORDER BY _id, t, payload")).toEqual([
    { _id: "e-1", t: "u", payload: '{"v":1.50}' },
    { _id: "e-1", t: "u", payload: '{"v":[true,null]}' },
    { _id: "e-2", t: "d", payload: "[1.0E20]" },
    { _id: "e-2", t: "u", payload: "[1.0E20]" },
  ]);
}, 120_000);

// last: it sets the cluster's session time zone
it("writes a VARIANT's timestamps in UTC whatever the cluster's session zone, as a Delta Sharing read writes them", async () => {
  await sql(system, "CREATE TABLE shared.stamped (id STRING, payload VARIANT) USING DELTA");
  await sql(system, "INSERT INTO shared.stamped VALUES ('s-1', CAST(TIMESTAMP'2024-07-01 12:00:00.5' AS VARIANT)), ('s-2', CAST(TIMESTAMP'2024-01-01 00:00:00' AS VARIANT))");
  await configureClusterSas(system, undefined, { "spark.sql.session.timeZone": "Asia/Tokyo" });
  const listed = { title: "Stamps", type: "object", properties: { _id: { type: "string" }, payload: { type: "string" } } };
  const options = { schema: listed, mappings: mappings.slice(0, 2), columns: ["id", "payload"] };
  const expected = [
    { _id: "s-1", payload: '"2024-07-01 12:00:00.5+00:00"' },
    { _id: "s-2", payload: '"2024-01-01 00:00:00+00:00"' },
  ];
  const select = "SELECT _id, payload FROM $table ORDER BY _id";
  expect(await ingest(await createPipeline(system, { ...options, tableName: "shared.stamped" }), select)).toEqual(expected);
  const connection = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
  expect(await ingest(await createPipeline(system, { ...options, connectionId: connection.body.id, connectionSpecId: SHARING_SPEC, tableName: "demo_share.shared.stamped" }), select)).toEqual(expected);
}, 120_000);
