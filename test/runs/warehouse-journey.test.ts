import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns, workspaceCall } from "../support/journey.js";
import { DATABRICKS_SPEC, startCluster, terminateCluster } from "../support/aep-calls.js";
import { CUSTOMER_FIELDS, CUSTOMER_MAPPINGS } from "../../scripts/demo-customers.js";

const ROWS = 150;
/** the warehouse cuts results into chunks of 40 rows: a window of 151 rows comes as 4, downloaded side by side */
const CHUNK_ROWS = 40;
const WAREHOUSE = "local-warehouse";
const BIG_ID = "9007199254740993"; // 2^53 + 1: a double would make it …992 (beyond XDM long, so kept as text)
/** the demo customers, with the id as text: a BIGINT beyond 2^53 lands in the dataset exactly */
const schema = { title: "Customers by key", type: "object", properties: { ...CUSTOMER_FIELDS, customerId: { type: "string" } } };
const mappings = CUSTOMER_MAPPINGS;

const warehouseState = async (system: TestSystem) => (await workspaceCall(system, `/api/2.0/sql/warehouses/${WAREHOUSE}`)).state as string;

/** A Spark TIMESTAMP literal for epoch microseconds. */
function ts(micros: bigint): string {
  const iso = new Date(Number(micros / 1000n)).toISOString();
  return `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros % 1_000_000n).padStart(6, "0")}Z'`;
}

describe("the journey through a SQL warehouse as a service principal (no cluster, no landing zone)", () => {
  let system: TestSystem;
  let connectionId: string;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: ROWS, statementChunkRows: CHUNK_ROWS }, env: { RUN_POLL_MS: "50" } });
    await sql(system, "CREATE SCHEMA main.crm");
    await sql(system, "CREATE TABLE main.crm.customers AS SELECT * FROM hive_metastore.demo.customers");
    await sql(
      system,
      `INSERT INTO main.crm.customers VALUES (${BIG_ID}, 'Big', 'big@example.com', 'US', 12345678901234567890.123456789012345678,
        named_struct('street', '1 Main Street', 'city', 'Bristol', 'postal_code', '00001'), TIMESTAMP '2024-02-29 23:59:59.999999Z')`,
    );
    // the cluster is down the whole time: nothing below may need it
    await terminateCluster(system);
    const principal = system.workspace!.servicePrincipal;
    const connection = await call(system, "POST", `${FS}/connections`, {
      body: {
        name: "warehouse connection",
        auth: {
          specName: "OAuth Service Principal Authentication",
          params: { domain: system.workspace!.url, warehouseId: WAREHOUSE, clientId: principal.clientId, clientSecret: principal.clientSecret, database: "crm", catalog: "main" },
        },
        connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
      },
    });
    if (connection.status !== 201) throw new Error(connection.text);
    connectionId = connection.body.id;
    pipeline = await createPipeline(system, { connectionId, tableName: "main.crm.customers", schema, mappings });
  }, 120_000);
  afterAll(() => system.close());

  it("refuses a connection naming both a cluster and a warehouse, or neither, saying what to fix", async () => {
    const body = (params: Record<string, unknown>) => ({
      name: "bad",
      auth: { specName: "Access Token Authentication", params: { domain: system.workspace!.url, accessToken: system.workspace!.token, database: "crm", ...params } },
      connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    });
    const both = await call(system, "POST", `${FS}/connections`, { body: body({ clusterId: system.workspace!.clusterId, warehouseId: WAREHOUSE }) });
    expect(both.status).toBe(400);
    expect(both.text).toContain("not both");
    const neither = await call(system, "POST", `${FS}/connections`, { body: body({}) });
    expect(neither.status).toBe(400);
    expect(neither.text).toContain("auth.params.clusterId");
    const push = await call(system, "POST", `${FS}/connections`, { body: body({ warehouseId: WAREHOUSE, pushSasToCluster: true }) });
    expect(push.status).toBe(400);
    expect(push.text).toContain("pushSasToCluster");
    const unknown = await call(system, "POST", `${FS}/connections`, { body: body({ warehouseId: "0123456789abcdef" }) });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("SQL warehouse 0123456789abcdef does not exist in the workspace");
  });

  it("tests, explores and previews through statements; preview values are exact", async () => {
    const test = await call(system, "GET", `${FS}/connections/${connectionId}/test`);
    expect(test.status, test.text).toBe(200);
    expect(test.body).toMatchObject({ result: true, warehouseId: WAREHOUSE, warehouseState: "RUNNING" });
    expect(test.body.checks.map((c: { name: string }) => c.name)).toEqual(["workspace", "token", "warehouse"]);
    const root = await call(system, "GET", `${FS}/connections/${connectionId}/explore?objectType=root`);
    expect(root.status, root.text).toBe(200);
    expect(root.body.map((t: { path: string }) => t.path)).toContain("main.crm.customers");
    const preview = await call(system, "GET", `${FS}/connections/${connectionId}/explore?objectType=table&object=main.crm.customers&preview=true`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.data.length).toBeGreaterThan(0);
  });

  it("a run starts the stopped warehouse, and the dataset equals the table, types loss-free", async () => {
    await workspaceCall(system, `/api/2.0/sql/warehouses/${WAREHOUSE}/stop`, {});
    await eventually(async () => (await warehouseState(system)) === "STOPPED", 10_000, 20);
    // the run begins 5 s after creation: time for the stop below to finish first, even on a busy machine
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 5, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    await workspaceCall(system, `/api/2.0/sql/warehouses/${WAREHOUSE}/stop`, {}); // creating the flow may have woken it
    await eventually(async () => (await warehouseState(system)) === "STOPPED", 10_000, 20);

    const [run] = await waitForRuns(system, created.body.id, 1, 90_000);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: ROWS + 1, outputRecordCount: ROWS + 1, failedRecordCount: 0 });
    expect(await warehouseState(system)).toBe("RUNNING");
    const logs = await call(system, "GET", `/data/foundation/flowservice/runs/${run.id}/logs`);
    expect(logs.text).toContain(`SQL warehouse ${WAREHOUSE}: starting it if it is stopped`);
    expect(logs.text).toContain("EXTERNAL_LINKS, ARROW_STREAM");
    expect(logs.text).toContain(`${ROWS + 1} row(s) in 4 chunk(s)`);
    expect(logs.text).toContain("4 chunk(s) staged as 1 Parquet file(s)");
    for (const text of [logs.text, system.logs.join("")]) expect(text).not.toContain(system.workspace!.servicePrincipal.clientSecret);

    const ingested = await datasetRows(
      system,
      pipeline.dataSetId,
      "SELECT customerId::VARCHAR AS id, person.name AS name, country, balance::VARCHAR AS balance, strftime(updatedAt, '%Y-%m-%dT%H:%M:%S.%fZ') AS at FROM $table ORDER BY customerId::DECIMAL(38,0)",
    );
    // the table through the cluster's own result (started only to read it back)
    await startCluster(system);
    const source = await sql(system, "SELECT CAST(id AS STRING), name, country, CAST(balance AS STRING), updated_at FROM main.crm.customers ORDER BY id");
    expect(ingested).toEqual(source.data.map(([id, name, country, balance, at]) => ({ id, name, country, balance, at })));
    expect(ingested.at(-1)).toMatchObject({ id: BIG_ID, balance: "12345678901234567890.123456789012345678", at: "2024-02-29T23:59:59.999999Z" });
  }, 120_000);

  it("incremental windows through the warehouse: boundary rows and equal timestamps each in exactly one window", async () => {
    await startCluster(system); // only to make the table
    await sql(system, "CREATE TABLE main.crm.events (id BIGINT, label STRING, ts TIMESTAMP) USING DELTA");
    const start = Math.floor(Date.now() / 1000) - 3 * 60 - 10;
    const T = (k: number) => BigInt(start + k * 60) * 1_000_000n;
    await sql(
      system,
      `INSERT INTO main.crm.events VALUES
        (1, 'before the start', ${ts(T(0) - 1n)}), (2, 'exactly at the start', ${ts(T(0))}),
        (3, 'exactly on a boundary', ${ts(T(1))}), (4, 'one microsecond before it', ${ts(T(1) - 1n)}),
        (5, 'same instant A', ${ts(T(2) + 30_000_000n)}), (6, 'same instant B', ${ts(T(2) + 30_000_000n)}), (7, 'later', ${ts(T(4))})`,
    );
    const events = await createPipeline(system, {
      connectionId,
      tableName: "main.crm.events",
      columns: ["id", "label", "ts"],
      schema: { title: "Events", type: "object", properties: { _id: { type: "string" }, eventId: { type: "integer", "meta:xdmType": "long" }, at: { type: "string", format: "date-time" } } },
      mappings: [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceAttribute: "id", destinationXdmPath: "eventId" },
        { sourceAttribute: "ts", destinationXdmPath: "at" },
      ],
    });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(events, { startTime: start, frequency: "minute", interval: 1, backfill: false }, { deltaColumn: "ts" }) });
    expect(created.status, created.text).toBe(201);
    const runs = await waitForRuns(system, created.body.id, 3, 90_000);
    expect(runs.slice(0, 3).map((r) => r.metrics.statusSummary.status)).toEqual(["success", "success", "success"]);
    expect(runs.slice(0, 3).map((r) => r.metrics.recordSummary.outputRecordCount)).toEqual([2, 1, 2]);
    const rows = await datasetRows(system, events.dataSetId, "SELECT eventId::INTEGER AS id, epoch_us(\"at\")::VARCHAR AS us FROM $table ORDER BY 1");
    expect(rows).toEqual([
      { id: 2, us: String(T(0)) },
      { id: 4, us: String(T(1) - 1n) },
      { id: 3, us: String(T(1)) },
      { id: 5, us: String(T(2) + 30_000_000n) },
      { id: 6, us: String(T(2) + 30_000_000n) },
    ].sort((a, b) => a.id - b.id));
  }, 150_000);

  /**
   * A table of (id BIGINT, ratio DOUBLE, f FLOAT) holding `values` (each in both columns, as text
   * Spark casts), ingested whole by a `once` flow through the warehouse; its dataset's id.
   */
  async function ingestedFloats(table: string, values: ReadonlyArray<string | null>): Promise<string> {
    await startCluster(system); // only to make the table
    await sql(system, `CREATE TABLE main.crm.${table} (id BIGINT, ratio DOUBLE, f FLOAT) USING DELTA`);
    const literal = (v: string | null, type: string) => (v === null ? "NULL" : `CAST('${v}' AS ${type})`);
    await sql(system, `INSERT INTO main.crm.${table} VALUES ${values.map((v, i) => `(${i + 1}, ${literal(v, "DOUBLE")}, ${literal(v, "FLOAT")})`).join(", ")}`);
    const pipeline = await createPipeline(system, {
      connectionId,
      tableName: `main.crm.${table}`,
      columns: ["id", "ratio", "f"],
      schema: { title: table, type: "object", properties: { _id: { type: "string" }, ratio: { type: "number" }, f: { type: "number" } } },
      mappings: [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceAttribute: "ratio", destinationXdmPath: "ratio" },
        { sourceAttribute: "f", destinationXdmPath: "f" },
      ],
    });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1, 90_000);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    return pipeline.dataSetId;
  }

  it("doubles and floats through the warehouse land exactly: NaN, ±Infinity, -0.0, the smallest subnormal", async () => {
    const dataSetId = await ingestedFloats("measures", ["NaN", "Infinity", "-Infinity", "-0.0", "4.9E-324", "0.1", "1.7976931348623157E308", null]);
    const source = await sql(system, "SELECT CAST(id AS STRING), CAST(ratio AS STRING), CAST(f AS STRING) FROM main.crm.measures ORDER BY id");
    // DuckDB's text of a double is the shortest that reads back as the same bits; Spark's is Java's
    const ingested = await datasetRows(system, dataSetId, "SELECT _id AS id, ratio::VARCHAR AS ratio, signbit(ratio) AS negative, f::VARCHAR AS f, typeof(f) AS ft FROM $table ORDER BY _id::INTEGER");
    expect(ingested.map((row) => row.id)).toEqual(source.data.map(([id]) => id));
    expect(ingested.map((row) => [row.ratio, row.negative])).toEqual([
      ["nan", false], ["inf", false], ["-inf", true], ["-0.0", true], ["5e-324", false], ["0.1", false], ["1.7976931348623157e+308", false], [null, null],
    ]);
    // a FLOAT stays a 32-bit float in the dataset, so 0.1 is the float the table holds, not a double near it
    expect(ingested[0].ft).toBe("FLOAT");
    expect(ingested.map((row) => row.f)).toEqual(["nan", "inf", "-inf", "-0.0", "0.0", "0.1", "inf", null]);
  }, 150_000);

  it("zeros of both signs in one column keep their signs through the warehouse, the staged files and the dataset", async () => {
    // few distinct values over many rows: what makes a Parquet writer choose a dictionary
    const negative = (id: number) => id % 3 === 0;
    const dataSetId = await ingestedFloats("zeros", Array.from({ length: 30 }, (_, i) => (negative(i + 1) ? "-0.0" : "0.0")));
    const ingested = await datasetRows(system, dataSetId, "SELECT _id::INTEGER AS id, signbit(ratio) AS ratio, signbit(f) AS f FROM $table ORDER BY id");
    expect(ingested).toEqual(Array.from({ length: 30 }, (_, i) => ({ id: i + 1, ratio: negative(i + 1), f: negative(i + 1) })));
  }, 150_000);

  it("change data capture through the warehouse: the snapshot, then the netted changes tagged u and d", async () => {
    const orders = await createPipeline(system, {
      connectionId,
      tableName: "hive_metastore.demo.orders",
      cdcEnabled: true,
      primaryKey: ["order_id"],
      columns: ["order_id", "amount", "status", "ordered_at"],
      schema: { title: "Orders", type: "object", properties: { _id: { type: "string" }, orderId: { type: "integer", "meta:xdmType": "long" }, amount: { type: "number" }, status: { type: "string" } } },
      mappings: [
        { sourceAttribute: "order_id", destinationXdmPath: "_id" },
        { sourceAttribute: "order_id", destinationXdmPath: "orderId" },
        { sourceAttribute: "amount", destinationXdmPath: "amount" },
        { sourceAttribute: "status", destinationXdmPath: "status" },
      ],
    });
    await startCluster(system); // only to change the table and count it
    const live = Number((await sql(system, "SELECT count(*) FROM demo.orders")).data[0][0]);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(orders, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const [snapshot] = await waitForRuns(system, created.body.id, 1, 60_000);
    expect(snapshot.metrics.statusSummary.status, JSON.stringify(snapshot.metrics.statusSummary)).toBe("success");
    expect(snapshot.metrics.recordSummary.outputRecordCount).toBe(live);

    await sql(system, "DELETE FROM demo.orders WHERE order_id IN (1, 2, 3)");
    await sql(system, "UPDATE demo.orders SET status = 'shipped' WHERE order_id IN (5, 6)");
    await sql(system, "INSERT INTO demo.orders VALUES (90001, 1, 12345678901234.56, 'placed', current_timestamp()), (90002, 2, 0.01, 'placed', current_timestamp())");
    const again = await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id } });
    expect(again.status, again.text).toBeLessThan(300);
    const runs = await waitForRuns(system, created.body.id, 2, 60_000);
    expect(runs[1].metrics.statusSummary.status, JSON.stringify(runs[1].metrics.statusSummary)).toBe("success");
    expect(runs[1].metrics.recordSummary.outputRecordCount).toBe(7);
    const tagged = await datasetRows(system, orders.dataSetId, "SELECT _change_request_type AS t, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    expect(tagged).toEqual([
      { t: "d", n: 3 },
      { t: "u", n: live + 4 },
    ]);
    const big = await datasetRows(system, orders.dataSetId, "SELECT amount::VARCHAR AS amount FROM $table WHERE orderId = 90001");
    expect(big).toEqual([{ amount: "12345678901234.56" }]);
  }, 150_000);
});
