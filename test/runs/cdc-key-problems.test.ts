/**
 * A change-data flow nets its changes per key (docs/api/runs.md#change-data-capture); a change with
 * a NULL key, or a key several rows share, must never be lost silently, and a row whose key changed
 * must leave its old key. Through a cluster and a SQL warehouse (Spark SQL on the local workspace)
 * and through Delta Sharing (the service's own DuckDB), on the same tables.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";
import { DATABRICKS_SPEC } from "../support/aep-calls.js";

const columns = ["order_id", "amount", "status"];
const PATHS = ["cluster", "warehouse", "sharing"] as const;
/** the flow's source connection lists its columns, or none (every column of the table, its rows compared on all of them) */
const LISTINGS = { "listed columns": columns, "every column": [] } as const;
const CASES = PATHS.flatMap((path) => Object.entries(LISTINGS).map(([listing, listed]) => [path, listing, listed] as const));

describe("change data capture with a NULL or a repeated key", () => {
  let system: TestSystem;
  let sharingConnectionId: string;
  let warehouseConnectionId: string;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2099-01-01T00:00:00.0Z" }) });
    expect(created.status, created.text).toBe(201);
    sharingConnectionId = created.body.id;
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared"); // the demo share shares every table of it
    const { clientId, clientSecret } = system.workspace!.servicePrincipal;
    const warehouse = await call(system, "POST", `${FS}/connections`, {
      body: {
        name: "warehouse connection",
        auth: { specName: "OAuth Service Principal Authentication", params: { domain: system.workspace!.url, warehouseId: system.workspace!.warehouseId, clientId, clientSecret, database: "shared", catalog: "hive_metastore" } },
        connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
      },
    });
    expect(warehouse.status, warehouse.text).toBe(201);
    warehouseConnectionId = warehouse.body.id;
  }, 120_000);
  afterAll(() => system.close());

  /** A table of `rows` with its change feed on, and a `once` flow over it whose first run read it whole. */
  async function keyedFlow(path: (typeof PATHS)[number], listed: readonly string[], table: string, rows: string) {
    await sql(system, `CREATE TABLE shared.${table} (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = false)`);
    await sql(system, `INSERT INTO shared.${table} VALUES ${rows}`);
    const sources = {
      cluster: { tableName: `shared.${table}` },
      warehouse: { connectionId: warehouseConnectionId, tableName: `shared.${table}` },
      sharing: { connectionId: sharingConnectionId, connectionSpecId: SHARING_SPEC, tableName: `demo_share.shared.${table}` },
    };
    const source = sources[path];
    const pipeline = await createPipeline(system, { ...source, cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: [...listed] });
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { noDeltaColumn: true, options: { partialIngestionPercent: 90 } }),
    });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id;
    const [first] = await waitForRuns(system, flowId, 1, 90_000);
    expect(first.metrics.statusSummary.status, JSON.stringify(first.metrics.statusSummary)).toBe("success");
    return { dataSetId: pipeline.dataSetId, flowId };
  }

  /** Runs `changes`, then the flow's next run, which reads them all from the change feed; returns that run. */
  async function oneRunOf(flowId: string, changes: string[]) {
    for (const change of changes) await sql(system, change);
    const next = await call(system, "POST", `${FS}/runs`, { body: { flowId } });
    expect(next.status, next.text).toBe(201);
    const runs = await waitForRuns(system, flowId, 2, 120_000);
    return runs[1];
  }

  /** The dataset's rows later than the first run's snapshot, by key. */
  async function changesAfterFirstWindow(dataSetId: string) {
    const rows = await datasetRows(system, dataSetId, "SELECT orderId::INTEGER AS id, status, _change_request_type AS t, _commit_version::INTEGER AS v FROM $table ORDER BY id");
    const snapshot = Math.min(...rows.map((r) => Number(r.v)));
    return rows.filter((r) => Number(r.v) > snapshot).map(({ v: _v, ...r }) => r);
  }

  /** The dataset's changes applied in commit-version order, per key: the rows a consumer ends with. */
  async function appliedState(dataSetId: string) {
    return datasetRows(
      system,
      dataSetId,
      "SELECT orderId::INTEGER AS id, status FROM $table " +
        "QUALIFY row_number() OVER (PARTITION BY orderId ORDER BY _commit_version DESC, _change_request_type = 'd') = 1 AND _change_request_type = 'u' ORDER BY id",
    );
  }

  /** The run failed on the repeated `key`, and left the dataset as it was. */
  async function expectRefusedKey(run: any, path: (typeof PATHS)[number], table: string, key: number, dataSetId: string, held: unknown) {
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("failed");
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2014-400");
    expect(error.message).toContain(`The key order_id is not unique in ${path === "sharing" ? "demo_share." : ""}shared.${table}: more than one row had the key ${key} `);
    expect(error.message).toContain("The key must be unique in the table");
    expect(error.message).toContain("params.primaryKey");
    expect(await appliedState(dataSetId)).toEqual(held);
  }

  it("names a key column renamed in the table (column mapping) with its new name and the source connection's params.primaryKey, before anything is exported", async () => {
    const table = "renamed_key";
    await sql(system, `CREATE TABLE shared.${table} (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.columnMapping.mode = 'name')`);
    await sql(system, `INSERT INTO shared.${table} VALUES (1, 1.00, 'placed')`);
    const pipeline = await createPipeline(system, { tableName: `shared.${table}`, cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: [] });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { noDeltaColumn: true }) });
    expect(created.status, created.text).toBe(201);
    const [first] = await waitForRuns(system, created.body.id, 1, 90_000);
    expect(first.metrics.statusSummary.status).toBe("success");
    await sql(system, `ALTER TABLE shared.${table} RENAME COLUMN order_id TO oid`);
    const renamedAt = Number((await sql(system, `DESCRIBE HISTORY shared.${table} LIMIT 1`)).data[0][0]);
    const run = await oneRunOf(created.body.id, [`UPDATE shared.${table} SET status = 'moved' WHERE oid = 1`]);
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code, error.message).toBe("CONNECTOR-2012-400");
    expect(error.message).toContain(`\`order_id\` was renamed to \`oid\` at version ${renamedAt}`);
    expect(error.message).toContain(`PATCH /data/foundation/flowservice/sourceConnections/${pipeline.sourceId} (its params.primaryKey)`);
    expect(error.message).not.toContain("delta column");
    expect(run.activities.find((a: any) => a.id === "copyActivity").statusSummary.status).toBe("failed");
  }, 240_000);

  describe.each(CASES)("through %s, %s", (path, listing, listed) => {
    const name = (what: string) => `${what}_${path}_${listing === "every column" ? "all" : "listed"}`;
    it("turns every change whose key is NULL into a row error naming the key column, and delivers the others", async () => {
      const table = name("null_keys");
      const { dataSetId, flowId } = await keyedFlow(path, listed, table, "(1, 1.00, 'placed'), (NULL, 5.00, 'keyless')");
      const run = await oneRunOf(flowId, [
        `INSERT INTO shared.${table} VALUES (NULL, 6.00, 'keyless too')`,
        `UPDATE shared.${table} SET status = 'keyless, updated' WHERE order_id IS NULL AND amount = 5.00`,
        `UPDATE shared.${table} SET status = 'shipped' WHERE order_id = 1`,
      ]);
      // the insert and the update's post-image, each on its own: none merged into the other
      expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
      expect(run.metrics.recordSummary).toMatchObject({ inputRecordCount: 3, outputRecordCount: 1, failedRecordCount: 2 });
      expect(run.metrics.statusSummary.errors).toEqual([
        expect.objectContaining({ code: "MAPPER-3700-400", recordCount: 2, message: expect.stringMatching(/the key column order_id is NULL: a change without a key cannot be applied.* The change stays in the table's change data feed, where a re-trigger reads it again: .*\/action\?op=resync/) }),
      ]);
      const delivered = await changesAfterFirstWindow(dataSetId);
      expect(delivered).toEqual([{ id: 1, status: "shipped", t: "u" }]);
    }, 240_000);

    it("fails a run in which two rows of one key changed, naming the key, instead of delivering one of the changes", async () => {
      const table = name("repeated_keys");
      const { dataSetId, flowId } = await keyedFlow(path, listed, table, "(1, 1.00, 'a'), (1, 2.00, 'b'), (2, 3.00, 'placed')");
      const held = await appliedState(dataSetId);
      const run = await oneRunOf(flowId, [`UPDATE shared.${table} SET status = 'a2' WHERE status = 'a'`, `DELETE FROM shared.${table} WHERE status = 'b'`]);
      // neither the update of one row nor the delete of the other reached the dataset as the key's net change
      await expectRefusedKey(run, path, table, 1, dataSetId, held);
    }, 240_000);

    it("fails a run that inserted a second row under a key another row held before it, naming the key, instead of replacing that row downstream", async () => {
      const table = name("inserted_twice");
      const { dataSetId, flowId } = await keyedFlow(path, listed, table, "(1, 1.00, 'first'), (2, 2.00, 'placed')");
      const held = await appliedState(dataSetId);
      const run = await oneRunOf(flowId, [`INSERT INTO shared.${table} VALUES (1, 9.00, 'second')`, `UPDATE shared.${table} SET status = 'shipped' WHERE order_id = 2`]);
      await expectRefusedKey(run, path, table, 1, dataSetId, held);
    }, 240_000);

    it("fails a run that updated a row's key onto a key another row holds, naming that key", async () => {
      const table = name("moved_onto");
      const { dataSetId, flowId } = await keyedFlow(path, listed, table, "(1, 1.00, 'moving'), (2, 2.00, 'staying')");
      const held = await appliedState(dataSetId);
      const run = await oneRunOf(flowId, [`UPDATE shared.${table} SET order_id = 2 WHERE order_id = 1`]);
      await expectRefusedKey(run, path, table, 2, dataSetId, held);
    }, 240_000);

    it("moves a row whose key an update changed: its old key deleted downstream, not left beside the new one", async () => {
      const table = name("key_changed");
      const { dataSetId, flowId } = await keyedFlow(path, listed, table, "(1, 1.00, 'placed'), (2, 2.00, 'placed')");
      const run = await oneRunOf(flowId, [`UPDATE shared.${table} SET order_id = 5 WHERE order_id = 1`]);
      expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
      expect(await changesAfterFirstWindow(dataSetId)).toEqual([
        { id: 1, status: "placed", t: "d" },
        { id: 5, status: "placed", t: "u" },
      ]);
      expect(await appliedState(dataSetId)).toEqual([
        { id: 2, status: "placed" },
        { id: 5, status: "placed" },
      ]);
    }, 240_000);

    it("still nets a unique key's insert, updates and delete, and a delete and re-insert, in one run", async () => {
      const table = name("unique_keys");
      const { dataSetId, flowId } = await keyedFlow(path, listed, table, "(1, 1.00, 'placed'), (2, 2.00, 'placed')");
      const run = await oneRunOf(flowId, [
        `INSERT INTO shared.${table} VALUES (3, 3.00, 'new')`,
        `UPDATE shared.${table} SET status = 'moved' WHERE order_id IN (1, 3)`,
        `DELETE FROM shared.${table} WHERE order_id = 3`,
        `DELETE FROM shared.${table} WHERE order_id = 2`,
        `INSERT INTO shared.${table} VALUES (2, 2.50, 'again')`,
      ]);
      expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
      const delivered = await changesAfterFirstWindow(dataSetId);
      expect(delivered).toEqual([
        { id: 1, status: "moved", t: "u" },
        { id: 2, status: "again", t: "u" },
        { id: 3, status: "moved", t: "d" },
      ]);
    }, 240_000);
  });
});
