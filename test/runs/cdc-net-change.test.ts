import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { MAPPING_SETS } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, sql, waitForRuns } from "../support/journey.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";

const columns = ["order_id", "amount", "status"];

/** The table as a keyed snapshot. */
async function tableState(system: TestSystem, table: string) {
  const result = await sql(system, `SELECT order_id, CAST(amount AS STRING), status FROM ${table} ORDER BY order_id`);
  return result.data.map(([id, amount, status]) => ({ id: Number(id), amount: String(amount), status }));
}

/** The dataset's changes applied in commit-version order, as a keyed snapshot (what a consumer ends with). */
async function datasetState(system: TestSystem, dataSetId: string) {
  return datasetRows(
    system,
    dataSetId,
    "SELECT orderId::INTEGER AS id, amount::VARCHAR AS amount, status FROM $table " +
      "QUALIFY row_number() OVER (PARTITION BY orderId ORDER BY _commit_version DESC, _change_request_type = 'd') = 1 AND _change_request_type = 'u' ORDER BY id",
  );
}

async function latestCommit(system: TestSystem, table: string) {
  const history = await sql(system, `DESCRIBE HISTORY ${table} LIMIT 1`);
  const at = (name: string) => history.schema.findIndex((c: any) => c.name === name);
  return { version: Number(history.data[0][at("version")]), timestamp: Date.parse(String(history.data[0][at("timestamp")])) };
}

async function cdcFlow(system: TestSystem, table: string): Promise<{ pipeline: Pipeline; flowId: string }> {
  const pipeline = await createPipeline(system, { tableName: table, cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns });
  const startTime = Math.floor(Date.now() / 1000) - 60 + 15;
  const created = await call(system, "POST", `${FS}/flows`, {
    body: flowBody(pipeline, { startTime, frequency: "minute", interval: 1, backfill: true }, { noDeltaColumn: true }),
  });
  expect(created.status, created.text).toBe(201);
  return { pipeline, flowId: created.body.id };
}

async function newTable(system: TestSystem, table: string, rows: string) {
  await sql(system, `CREATE TABLE ${table} (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)`);
  await sql(system, `INSERT INTO ${table} VALUES ${rows}`);
}

describe("change data capture never resurrects a deleted row", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  // the three flows below each wait for their minute windows: on their own tables, they wait side by side

  /** A delete the change feed never saw (it was off), the run that fails on the gap, then resync and re-trigger. */
  async function resyncAfterBlindDelete(table: string, rows: string, deleteWhere: string) {
    await newTable(system, table, rows);
    const { pipeline, flowId } = await cdcFlow(system, table);
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    expect(await datasetState(system, pipeline.dataSetId)).toEqual(await tableState(system, table));
    const held = (await datasetState(system, pipeline.dataSetId)).length;

    await sql(system, `ALTER TABLE ${table} SET TBLPROPERTIES (delta.enableChangeDataFeed = false)`);
    await sql(system, `DELETE FROM ${table} WHERE ${deleteWhere}`);
    await sql(system, `ALTER TABLE ${table} SET TBLPROPERTIES (delta.enableChangeDataFeed = true)`);
    let failed: any;
    await eventually(async () => {
      failed = (await runsOf(system, flowId)).find((r) => r.metrics.statusSummary.status === "failed");
      return failed !== undefined;
    }, 90_000, 200);
    expect(failed.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2002-400");
    expect(await datasetState(system, pipeline.dataSetId)).toHaveLength(held); // the deleted rows are still held downstream

    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await call(system, "GET", `${FS}/runs/${failed.id}`)).body.items[0].metrics.statusSummary.status === "success", 60_000, 100);
    const deletes = await datasetRows(
      system,
      pipeline.dataSetId,
      "SELECT orderId::INTEGER AS id, _commit_version::INTEGER AS version, epoch_ms(_commit_timestamp)::DOUBLE AS at FROM $table WHERE _change_request_type = 'd' ORDER BY id",
    );
    expect(await datasetState(system, pipeline.dataSetId)).toEqual(await tableState(system, table));
    return { deletes, resync: await latestCommit(system, table), rerun: (await call(system, "GET", `${FS}/runs/${failed.id}`)).body.items[0] };
  }

  it.concurrent("a resync after a delete the change feed never saw deletes that row downstream", async () => {
    const { deletes, resync, rerun } = await resyncAfterBlindDelete("demo.resynced", "(1, 1.00, 'placed'), (2, 2.00, 'placed'), (3, 3.00, 'placed')", "order_id = 2");
    expect(deletes).toEqual([{ id: 2, version: resync.version, at: resync.timestamp }]);
    expect(rerun.metrics.recordSummary.outputRecordCount).toBe(3); // ids 1 and 3 again, and the delete of 2
  }, 180_000);

  it.concurrent("a resync of a table emptied while the change feed was off deletes every row downstream", async () => {
    const { deletes, resync } = await resyncAfterBlindDelete("demo.emptied", "(1, 1.00, 'placed'), (2, 2.00, 'placed')", "order_id > 0");
    expect(deletes).toEqual([1, 2].map((id) => ({ id, version: resync.version, at: resync.timestamp })));
  }, 180_000);

  it.concurrent("insert, update and delete of one key in one window are one net delete carrying its version and time", async () => {
    await newTable(system, "demo.netted", "(1, 1.00, 'placed'), (2, 2.00, 'placed')");
    const { pipeline, flowId } = await cdcFlow(system, "demo.netted");
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    expect(await datasetState(system, pipeline.dataSetId)).toEqual(await tableState(system, "demo.netted"));

    // hold the flow's windows back while the changes land, so one window reads them all
    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=disable`)).status).toBe(200);
    await eventually(async () => (await runsOf(system, flowId)).every((r) => r.metrics.statusSummary.status !== "inProgress"), 60_000, 200);
    await sql(system, "INSERT INTO demo.netted VALUES (100, 100.00, 'new'), (101, 101.00, 'new')");
    const inserted = await latestCommit(system, "demo.netted");
    await sql(system, "UPDATE demo.netted SET status = 'new2', amount = 100.02 WHERE order_id IN (100, 101)");
    await sql(system, "UPDATE demo.netted SET status = 'moved' WHERE order_id = 1");
    await sql(system, "DELETE FROM demo.netted WHERE order_id = 100");
    const deleted = await latestCommit(system, "demo.netted");
    expect(deleted.version).toBe(inserted.version + 3);
    const before = (await runsOf(system, flowId)).length;
    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=enable`)).status).toBe(200);

    await eventually(async () => {
      const runs = await runsOf(system, flowId);
      return runs.length > before && runs.slice(before).some((r) => r.metrics.recordSummary.outputRecordCount > 0);
    }, 120_000, 200);
    const changes = await datasetRows(
      system,
      pipeline.dataSetId,
      "SELECT orderId::INTEGER AS id, _change_request_type AS t, status, _commit_version::INTEGER AS version, epoch_ms(_commit_timestamp)::DOUBLE AS at " +
        "FROM $table WHERE orderId IN (1, 100, 101) AND _commit_version > " + inserted.version + " - 1 ORDER BY id",
    );
    expect(changes).toEqual([
      { id: 1, t: "u", status: "moved", version: inserted.version + 2, at: expect.any(Number) },
      { id: 100, t: "d", status: "new2", version: deleted.version, at: deleted.timestamp },
      { id: 101, t: "u", status: "new2", version: inserted.version + 1, at: expect.any(Number) },
    ]);
    expect(await datasetState(system, pipeline.dataSetId)).toEqual(await tableState(system, "demo.netted"));
  }, 240_000);

  it("refuses a source connection whose primaryKey is not a column of the table", async () => {
    const refused = await createPipeline(system, { tableName: "demo.orders", cdcEnabled: true, primaryKey: ["no_such_id"], schema: orderSchema, mappings: orderMappings, columns }).catch(
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/^400: .*SRC-1312-400.*no_such_id.*params\.primaryKey.*has no such column/);
  });

  it("refuses a change-data-capture flow without a key, naming what is missing", async () => {
    const keyless = await createPipeline(system, { tableName: "demo.orders", cdcEnabled: true, schema: orderSchema, mappings: orderMappings, columns });
    const startTime = Math.floor(Date.now() / 1000) + 3600;
    const refused = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(keyless, { startTime, frequency: "minute", interval: 1 }, { noDeltaColumn: true }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1429-400");
    expect(refused.body.errorMessage).toContain(`the source connection ${keyless.sourceId} declares no params.primaryKey`);

    const unmapped = await createPipeline(system, {
      tableName: "demo.orders",
      cdcEnabled: true,
      primaryKey: ["customer_id"],
      schema: orderSchema,
      mappings: orderMappings,
      columns: [...columns, "customer_id"],
    });
    const refusedUnmapped = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(unmapped, { startTime, frequency: "minute", interval: 1 }, { noDeltaColumn: true }),
    });
    expect(refusedUnmapped.status).toBe(400);
    expect(refusedUnmapped.body.errorMessage).toContain("the key column customer_id is not mapped onto a field of the dataset");

    // without params.primaryKey, the column mapped onto the schema's primary identity is the key
    const schemaId = (await call(system, "GET", `${MAPPING_SETS}/${keyless.mappingId}`)).body.xdmSchema;
    const identity = await call(system, "POST", "/data/foundation/schemaregistry/tenant/descriptors", {
      body: {
        "@type": "xdm:descriptorIdentity",
        "xdm:sourceSchema": schemaId,
        "xdm:sourceVersion": 1,
        "xdm:sourceProperty": "/_id",
        "xdm:namespace": "Email",
        "xdm:property": "xdm:code",
        "xdm:isPrimary": true,
      },
    });
    expect(identity.status, identity.text).toBe(201);
    const byIdentity = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(keyless, { startTime, frequency: "minute", interval: 1 }, { noDeltaColumn: true }),
    });
    expect(byIdentity.status, byIdentity.text).toBe(201);
  });
});
