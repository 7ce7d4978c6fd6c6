/**
 * The Delta Sharing journey over HTTP against the embedded default's local workspace, which shares
 * demo.customers: a connection made from a recipient's profile (its token sealed, never echoed),
 * explored share → schema → table, previewed, tested; an expired profile refused naming its expiry;
 * then flows that read the shared table with the cluster terminated and no landing zone at all:
 * the dataset equal to the table, each incremental window exactly its rows, and an expired profile
 * failing its run with a message naming the expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "../support/journey.js";
import { eventually } from "../support/blob.js";
import { clusterState, startCluster, terminateCluster } from "../support/aep-calls.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { DeltaSharingClient } from "../../src/delta-sharing/index.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";

const SHARED_CUSTOMERS = "demo_share.demo.customers";
const ROWS = 200;

/** A Spark TIMESTAMP literal for epoch microseconds. */
function ts(micros: bigint): string {
  const iso = new Date(Number(micros / 1000n)).toISOString();
  return `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros % 1_000_000n).padStart(6, "0")}'`;
}

describe("a Delta Sharing connection", () => {
  let system: TestSystem;
  let connectionId: string;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: ROWS }, env: { RUN_POLL_MS: "50" } });
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2099-01-01T00:00:00.0Z" }) });
    expect(created.status, created.text).toBe(201);
    connectionId = created.body.id;
  }, 60_000);
  afterAll(async () => {
    await system?.close();
  });

  it("is listed by GET /connectionSpecs with its profile's fields", async () => {
    const specs = await call(system, "GET", `${FS}/connectionSpecs`);
    const spec = specs.body.items.find((s: any) => s.id === SHARING_SPEC);
    expect(spec.name).toBe("delta-sharing");
    expect(spec.authSpec[0].spec.required).toEqual(["endpoint", "bearerToken"]);
  });

  it("keeps the bearer token sealed: never in a GET, never in the log", async () => {
    const got = await call(system, "GET", `${FS}/connections/${connectionId}`);
    expect(got.status).toBe(200);
    expect(got.body.items[0].auth.params).toEqual({ shareCredentialsVersion: 1, endpoint: system.workspace!.sharingEndpoint, expirationTime: "2099-01-01T00:00:00.0Z" });
    expect(got.text).not.toContain(DEV_SHARING_TOKEN);
    expect(system.logs.join("\n")).not.toContain(DEV_SHARING_TOKEN);
  });

  it("explores shares, then schemas, then tables, and lists every table at the root", async () => {
    const explore = async (query: string) => (await call(system, "GET", `${FS}/connections/${connectionId}/explore?${query}`)).body;
    expect(await explore("objectType=folder")).toEqual([{ type: "folder", name: "demo_share", path: "demo_share", canPreview: false, canFetchSchema: false }]);
    expect((await explore("objectType=folder&object=demo_share")).map((e: any) => e.path)).toEqual(["demo_share.demo", "demo_share.shared"]);
    const tables = [{ type: "table", name: "demo_share.demo.customers", path: "demo_share.demo.customers", canPreview: true, canFetchSchema: true }];
    expect(await explore("objectType=folder&object=demo_share.demo")).toEqual(tables);
    expect(await explore("objectType=root")).toEqual(tables);
  });

  it("describes a shared table's columns with XDM types and previews 100 exact rows", async () => {
    const reply = await call(system, "GET", `${FS}/connections/${connectionId}/explore?objectType=table&object=demo_share.demo.customers&preview=true`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.schema.columns.map((c: any) => `${c.name}:${c.type}`)).toEqual([
      "id:bigint", "name:string", "email:string", "country:string", "balance:decimal(38,18)", "address:struct<street:string,city:string,postal_code:string>", "updated_at:timestamp",
    ]);
    expect(reply.body.data).toHaveLength(100);
    const first = reply.body.data.find((r: any) => r.id === 1);
    expect(first).toEqual({
      id: 1, name: "Customer 1", email: "customer1@example.com", country: "DE", balance: "1.000000000000000001",
      address: { street: "1 Main Street", city: "Riverside", postal_code: "00001" }, updated_at: "2024-01-01T00:00:07.919000Z",
    });
  });

  it("passes its test: the server answers and the token reads the share", async () => {
    const reply = await call(system, "GET", `${FS}/connections/${connectionId}/test`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toBe(true);
    expect(reply.body.checks[1].message).toContain("demo_share");
  });

  it("refuses an expired profile with a 400 naming its expiry, at creation and at the test of a connection that expired since", async () => {
    const refused = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2025-01-31T00:00:00Z" }) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("expired at 2025-01-31T00:00:00.000Z");
    expect(refused.text).toContain("auth.params.expirationTime");
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: soon }) });
    expect(created.status, created.text).toBe(201);
    let test: any;
    await eventually(async () => (test = await call(system, "GET", `${FS}/connections/${created.body.id}/test`)).status === 400, 10_000, 200);
    expect(test.text).toContain(`expired at ${soon}`);
  });

  it("takes a renewed profile by PATCH, and refuses a new endpoint without a bearer token for it", async () => {
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2098-01-01T00:00:00Z" }) });
    expect(created.status, created.text).toBe(201);
    const renewed = await call(system, "PATCH", `${FS}/connections/${created.body.id}`, {
      headers: { "if-match": created.body.etag },
      body: [
        { op: "replace", path: "/auth/params/bearerToken", value: DEV_SHARING_TOKEN },
        { op: "replace", path: "/auth/params/expirationTime", value: "2099-06-30T00:00:00Z" },
      ],
    });
    expect(renewed.status, renewed.text).toBe(200);
    expect((await call(system, "GET", `${FS}/connections/${created.body.id}`)).body.items[0].auth.params.expirationTime).toBe("2099-06-30T00:00:00Z");
    const moved = await call(system, "PATCH", `${FS}/connections/${created.body.id}`, {
      headers: { "if-match": renewed.body.etag },
      body: [{ op: "replace", path: "/auth/params/endpoint", value: `${system.workspace!.url}/api/2.0/delta-sharing/metastores/elsewhere` }],
    });
    expect(moved.status).toBe(400);
    expect(moved.text).toContain("must carry auth.params.bearerToken");
  });

  it("refuses a connection whose bearer token the server refuses, naming the refusal and never the token", async () => {
    const refused = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { bearerToken: "not-a-recipient" }) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("refused the request (HTTP 401 UNAUTHENTICATED)");
    expect(refused.text).toContain("or the endpoint URL's path is wrong");
    expect(refused.text).not.toContain("not-a-recipient");
  });

  describe("a once flow over a whole shared table", () => {
    const ORDERS = 3000;
    const schema = { ...orderSchema, properties: { ...orderSchema.properties, placedAt: { type: "string", format: "date-time" } } };
    const mappings = [...orderMappings, { sourceAttribute: "placed_at", destinationXdmPath: "placedAt" }];
    const placedAtMicros = (id: number) => 1704067200000000n + BigInt(id) * 1000003n;
    const rowsSql = `SELECT id AS order_id, CAST((id * 7 - 10000) / 100 AS DECIMAL(18,2)) AS amount, CASE id % 3 WHEN 0 THEN 'placed' WHEN 1 THEN 'shipped' ELSE 'cancelled' END AS status,
         timestamp_micros(1704067200000000 + id * 1000003) AS placed_at FROM range(0, ${ORDERS})`;

    /** One once flow over demo_share.shared.<table>: its run's log and the dataset against the table, row for row. */
    async function onceFlow(table: string, rows = ORDERS) {
      const pipeline = await createPipeline(system, {
        connectionId,
        connectionSpecId: SHARING_SPEC,
        tableName: `demo_share.shared.${table}`,
        schema,
        mappings,
        columns: ["order_id", "amount", "status", "placed_at"],
      });
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
      expect(created.status, created.text).toBe(201);
      const [run] = await waitForRuns(system, created.body.id, 1);
      expect(run.metrics.statusSummary.status).toBe("success");
      expect(run.metrics.recordSummary.outputRecordCount).toBe(rows);
      const ingested = await datasetRows(system, pipeline.dataSetId, `SELECT orderId::VARCHAR AS id, amount::VARCHAR AS amount, status, _id, epoch_us(placedAt)::VARCHAR AS us FROM $table ORDER BY orderId`);
      const expected = (await sql(system, `SELECT CAST(order_id AS STRING), CAST(amount AS STRING), status, CAST(order_id AS STRING) FROM shared.${table} ORDER BY order_id`)).data;
      expect(ingested.map((r) => [r.id, r.amount, r.status, r._id])).toEqual(expected.map((row) => row.map(String)));
      expect(ingested.map((r) => r.us)).toEqual(expected.map(([id]) => String(placedAtMicros(Number(id)))));
      const log = await call(system, "GET", `${FS}/runs/${run.id}/logs`);
      return (log.body.items as Array<{ message: string }>).map((l) => l.message).join("\n");
    }

    beforeAll(async () => {
      await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
      await sql(system, `CREATE TABLE shared.plain_orders AS ${rowsSql}`);
      await sql(system, `CREATE TABLE shared.orders_by_status USING DELTA PARTITIONED BY (status) AS ${rowsSql}`);
    }, 60_000);

    it("stages the shared files as they are when they hold exactly the table's columns: nothing written twice", async () => {
      const log = await onceFlow("plain_orders");
      expect(log).toMatch(/read \d+ shared file\(s\), \d+ bytes, through their pre-signed URLs; they hold the window's rows as they are, none written again/);
    }, 60_000);

    it("writes the rows of a partitioned table, whose files lack the partition column, as one Parquet file", async () => {
      const log = await onceFlow("orders_by_status");
      expect(log).toMatch(/read \d+ shared file\(s\), \d+ bytes, through their pre-signed URLs; the window's rows written as one Parquet file/);
    }, 60_000);

    it("reads a table with deletion vectors (shared in the delta response format), the rows they delete left out", async () => {
      await sql(system, `CREATE TABLE shared.orders_with_dvs AS ${rowsSql}`);
      await sql(system, "DELETE FROM shared.orders_with_dvs WHERE order_id % 7 = 0");
      const recipient = new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN });
      const { files } = await recipient.query({ share: "demo_share", schema: "shared", table: "orders_with_dvs" });
      expect(files.some((f) => f.deletionVector)).toBe(true);
      const log = await onceFlow("orders_with_dvs", ORDERS - Math.ceil(ORDERS / 7));
      // the files hold deleted rows: they are not the window's rows as they are
      expect(log).toMatch(/the window's rows written as one Parquet file/);
    }, 60_000);
  });

  describe("flows reading the shared table (no Databricks compute, no landing zone)", () => {
    let pipeline: Pipeline;
    let start: number;
    const T = (k: number) => BigInt(start + k * 60) * 1_000_000n; // window k+1 ends at T(k), in µs
    let expected: string[][];

    beforeAll(async () => {
      // windows [0, start), [start, start+60 s), [start+60 s, start+120 s) are all due at once
      start = Math.floor(Date.now() / 1000) - 130;
      await sql(
        system,
        `INSERT INTO demo.customers VALUES
          (1001, 'in window 2', 'w2@example.com', 'FR', 0.000000000000000001, NULL, ${ts(T(0) + 5_000_000n)}),
          (1002, 'exactly on the boundary: window 3', 'w3@example.com', 'DE', -12345678901234567890.123456789012345678, NULL, ${ts(T(1))}),
          (1003, 'a microsecond before it: window 2', 'w2b@example.com', 'US', 7, NULL, ${ts(T(1) - 1n)}),
          (1004, 'in the future', 'later@example.com', 'GB', 1, NULL, ${ts(T(10))})`,
      );
      expected = (
        await sql(system, `SELECT id, name, email, country, CAST(balance AS STRING), CAST(updated_at AS STRING) FROM demo.customers WHERE id <> 1004 ORDER BY id`)
      ).data.map((row) => row.map(String));
      // nothing below may need Databricks compute
      await terminateCluster(system);
      pipeline = await createPipeline(system, { connectionId, connectionSpecId: SHARING_SPEC, tableName: SHARED_CUSTOMERS });
    }, 60_000);

    it("ingests the table once per window: the dataset equals the table, each window exactly its rows, types loss-free", async () => {
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: start, frequency: "minute", interval: 1, backfill: true }) });
      expect(created.status, created.text).toBe(201);
      const runs = await waitForRuns(system, created.body.id, 3);
      expect(runs.map((r) => r.metrics.statusSummary.status)).toEqual(["success", "success", "success"]);
      expect(runs.map((r) => r.metrics.recordSummary.outputRecordCount)).toEqual([ROWS, 2, 1]);
      expect(runs[0].activities[0].durationSummary.extensions).toEqual({ windowStart: 0, windowEnd: start * 1000 });
      // the copy activity counts the shared files the run downloaded
      expect(runs[0].metrics.fileSummary.inputFileCount).toBeGreaterThan(0);
      expect(runs[0].metrics.sizeSummary.inputBytes).toBeGreaterThan(0);

      const ingested = await datasetRows(
        system,
        pipeline.dataSetId,
        `SELECT customerId::VARCHAR AS id, person.name AS name, person.email AS email, country, balance::VARCHAR AS balance,
                strftime(updatedAt, '%Y-%m-%d %H:%M:%S.%f') AS ts FROM $table ORDER BY customerId`,
      );
      expect(ingested).toHaveLength(expected.length);
      for (const [i, [id, name, email, country, balance, at]] of expected.entries()) {
        expect(ingested[i]).toEqual({ id, name, email, country, balance, ts: expect.stringMatching(new RegExp(`^${at.replace(".", "\\.").slice(0, 19)}`)) });
      }
      const micro = await datasetRows(system, pipeline.dataSetId, `SELECT epoch_us(updatedAt)::VARCHAR AS us FROM $table WHERE customerId = 1003`);
      expect(micro[0].us).toBe(String(T(1) - 1n));
      expect(await clusterState(system)).toBe("TERMINATED");
    }, 60_000);

    it("reads the change data feed: a snapshot as upserts first, then exactly the changes since, tagged u and d", async () => {
      // the demo share shares every table of the schema `shared`; no deletion vectors, so the parquet format can carry it
      await startCluster(system);
      await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
      await sql(system, "CREATE TABLE shared.orders (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = false)");
      await sql(system, "INSERT INTO shared.orders VALUES (1, 1.00, 'placed'), (2, 2.00, 'placed'), (3, 3.00, 'placed')");
      await terminateCluster(system);
      const orders = await createPipeline(system, {
        connectionId,
        connectionSpecId: SHARING_SPEC,
        tableName: "demo_share.shared.orders",
        cdcEnabled: true,
        primaryKey: ["order_id"],
        schema: orderSchema,
        mappings: orderMappings,
        columns: ["order_id", "amount", "status"],
      });
      // window 0 is due now; window 1, an hour long, runs when asked below (runNow), after every change
      const startTime = Math.floor(Date.now() / 1000) - 60;
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(orders, { startTime, frequency: "hour", interval: 1, backfill: true }, { noDeltaColumn: true }) });
      expect(created.status, created.text).toBe(201);
      const [snapshot] = await waitForRuns(system, created.body.id, 1);
      expect(snapshot.metrics.statusSummary.status, JSON.stringify(snapshot.metrics.statusSummary)).toBe("success");
      expect(snapshot.metrics.recordSummary.outputRecordCount).toBe(3);

      await startCluster(system);
      await sql(system, "DELETE FROM shared.orders WHERE order_id = 1");
      await sql(system, "UPDATE shared.orders SET status = 'shipped', amount = amount + 0.01 WHERE order_id = 2");
      await sql(system, "INSERT INTO shared.orders VALUES (4, 12345678901234.56, 'placed')");
      const now = await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id, params: { runNow: true } } });
      expect(now.status, now.text).toBe(201);
      const runs = await waitForRuns(system, created.body.id, 2, 30_000);
      expect(runs[1].metrics.statusSummary.status, JSON.stringify(runs[1].metrics.statusSummary)).toBe("success");
      const rows = await datasetRows(
        system,
        orders.dataSetId,
        `SELECT orderId::INTEGER AS id, _change_request_type AS t, status, amount::VARCHAR AS amount, _commit_version::INTEGER AS v FROM $table ORDER BY v, id`,
      );
      const changes = rows.filter((r) => Number(r.v) > Number(rows[0].v)).map(({ v: _v, ...r }) => r);
      expect(changes).toEqual([
        { id: 1, t: "d", status: "placed", amount: "1.00" },
        { id: 2, t: "u", status: "shipped", amount: "2.01" },
        { id: 4, t: "u", status: "placed", amount: "12345678901234.56" },
      ]);
      expect(runs[1].metrics.recordSummary.outputRecordCount).toBe(3);
    }, 60_000);

    it("fails the run of a profile that expired since, naming the expiry, and does not retry it; a new flow on it is refused", async () => {
      const expiry = new Date(Date.now() + 2500).toISOString();
      const connection = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: expiry }) });
      expect(connection.status, connection.text).toBe(201);
      const expiring = await createPipeline(system, { connectionId: connection.body.id, connectionSpecId: SHARING_SPEC, tableName: SHARED_CUSTOMERS });
      // the flow is made while the profile works; its one run is due once the profile has expired
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(expiring, { startTime: Math.ceil(Date.parse(expiry) / 1000) + 1, frequency: "once" }) });
      expect(created.status, created.text).toBe(201);
      const refused = await eventually(async () => Date.now() > Date.parse(expiry), 10_000, 100).then(() =>
        call(system, "POST", `${FS}/flows`, { body: flowBody(expiring, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) }),
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(`expired at ${expiry}`);
      const [run] = await waitForRuns(system, created.body.id, 1);
      expect(run.metrics.statusSummary.status).toBe("failed");
      const errors = JSON.stringify(run.metrics.statusSummary.errors ?? run.activities);
      expect(errors).toContain("CONNECTOR-2011-400");
      expect(errors).toContain(`expired at ${expiry}`);
      expect(errors).not.toContain(DEV_SHARING_TOKEN);
    }, 30_000);
  });
});
