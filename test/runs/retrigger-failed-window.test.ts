/**
 * A window that failed validation, re-triggered after the flow allows more failed rows: it commits
 * its valid rows as one success batch with its row errors, the Catalog agrees with the dataset's
 * Delta log, and the windows held behind it follow.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { datasetTableRoot } from "../../src/lake/lake-paths.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { eventually } from "../support/blob.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, sql, waitForRuns } from "../support/journey.js";
import { tickMappings, tickSchema } from "../support/source-tables.js";

const at = (epochSeconds: number) => `TIMESTAMP '${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace("T", " ")}'`;
const BEYOND_LONG = "9223372036854775807"; // outside an XDM long's ±2^53

describe.each(DIALECTS)("a failed window re-triggered (%s)", (dialect) => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ dialect, workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "50" } });
    await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    pipeline = await createPipeline(system, { tableName: "demo.ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
  });
  afterAll(() => system.close());

  const batchesOf = (flowId: string) =>
    system.service.store.db.selectFrom("batches").selectAll().where("flow_id", "=", flowId).orderBy("window_seq").orderBy("created_at").execute();

  it("after partialIngestionPercent is raised commits the valid rows once, as one success batch the Catalog shows, and the held windows follow", async () => {
    // windows 1 and 2 are due at once, window 3 only in a minute
    const start = Math.floor(Date.now() / 1000) - 125;
    await sql(system, `INSERT INTO demo.ticks VALUES (1, ${at(start + 5)}), (${BEYOND_LONG}, ${at(start + 6)}), (3, ${at(start + 65)})`);
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: start, frequency: "minute", interval: 1, backfill: false }, { deltaColumn: "ts" }),
    });
    expect(created.status).toBe(201);
    const flowId = created.body.id;
    const [failed] = await waitForRuns(system, flowId, 1);
    expect(failed.metrics.statusSummary.errors[0].code).toBe("INGEST-1212-400");
    // the service log and the run's log say why, as for any other failure
    const warned = system.logs.flatMap((chunk) => chunk.split("\n").filter(Boolean).map((line) => JSON.parse(line))).find((line) => line.runId === failed.id && line.msg === "run failed");
    expect(warned).toMatchObject({ level: 40, code: "INGEST-1212-400", err: expect.stringMatching(/^1 of 2 rows failed validation, and the flow accepts none \(it has no partialIngestionPercent\): nothing was written/) });
    const logged = (await call(system, "GET", `${FS}/runs/${failed.id}/logs`)).body.items;
    expect(logged).toContainEqual(expect.objectContaining({ level: "error", message: expect.stringMatching(/^INGEST-1212-400: 1 of 2 rows failed validation/) }));
    // its valid row is counted as valid, though not written
    expect(logged).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/^committing: recording batch \S+: 2 rows read, 1 valid, 1 failed \(too many failed: nothing written, the valid rows neither\)/) }));
    const [failedBatch] = await batchesOf(flowId);
    expect(failedBatch).toMatchObject({ status: "failed", window_seq: expect.anything() });

    // the PATCH the message offers, as it gives it: the share of this run's rows that failed
    const offered = /PATCH \/flows\/(\S+) with (\[.*\]) \(the flow's other options kept in that value\); then re-trigger this run$/.exec(failed.metrics.statusSummary.errors[0].message);
    expect(offered?.[1]).toBe(flowId);
    expect(JSON.parse(offered![2])).toEqual([{ op: "add", path: "/options", value: { partialIngestionPercent: 50 } }]);
    const etag = (await call(system, "GET", `${FS}/flows/${flowId}`)).body.items[0].etag;
    const patched = await call(system, "PATCH", `${FS}/flows/${flowId}`, { headers: { "if-match": etag }, body: JSON.parse(offered![2]) });
    expect(patched.status).toBe(200);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);

    await eventually(async () => (await runsOf(system, flowId)).filter((r) => r.metrics.statusSummary.status === "success").length >= 2, 60_000, 100);
    const [window1, window2] = await runsOf(system, flowId);
    expect(window1.metrics.statusSummary.status).toBe("success");
    expect(window1.attempt).toBe(1);
    expect(window1.metrics.recordSummary).toEqual({ inputRecordCount: 2, outputRecordCount: 1, failedRecordCount: 1 });
    expect(window1.metrics.statusSummary.errors).toEqual([expect.objectContaining({ code: "MAPPER-3700-400", recordCount: 1, message: expect.stringContaining(BEYOND_LONG) })]);
    expect(window2.metrics.recordSummary.outputRecordCount).toBe(1);

    // one success batch per window, with its row errors; the first attempt's batch stays failed
    const batches = await batchesOf(flowId);
    const successBatchId = window1.activities[1].targetInfo[0].reference.ids[0];
    expect(successBatchId).not.toBe(failedBatch.id);
    expect(batches.map((b) => [Number(b.window_seq), b.status, b.id === failedBatch.id])).toEqual([
      [Number(failedBatch.window_seq), "failed", true],
      [Number(failedBatch.window_seq), "success", false],
      [Number(failedBatch.window_seq) + 1, "success", false],
    ]);
    const catalog = (await call(system, "GET", `/data/foundation/catalog/batches/${successBatchId}`)).body[successBatchId];
    expect(catalog).toMatchObject({ status: "success", metrics: { inputRecordCount: 2, outputRecordCount: 1, failedRecordCount: 1 } });
    const rowErrors = await call(system, "GET", `/data/foundation/export/batches/${successBatchId}/meta?path=row_errors`);
    expect(rowErrors.status).toBe(200);
    expect(JSON.stringify(rowErrors.body)).toContain("row_errors");

    // the Catalog's batches are the Delta log's commits of the flow: one each, rows once
    const table = openDeltaTable(datasetTableRoot(system.lakeDir, pipeline.dataSetId));
    const commits = (await table.history()).filter((c) => c.operationParameters?.batchFlowId === flowId);
    expect(commits.map((c) => Number(c.version)).sort()).toEqual(batches.filter((b) => b.status === "success").map((b) => Number(b.delta_version)).sort());
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT tickId::VARCHAR AS id FROM $table ORDER BY 1")).toEqual([{ id: "1" }, { id: "3" }]);
  }, 120_000);

  it("after the failing rows are fixed in the table reads the table again, not the version the failed attempts read", async () => {
    await sql(system, "CREATE TABLE demo.fixable (id BIGINT, ts TIMESTAMP) USING DELTA");
    await sql(system, `INSERT INTO demo.fixable VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), (${BEYOND_LONG}, TIMESTAMP '2024-01-01 00:00:01')`);
    const fixable = await createPipeline(system, { tableName: "demo.fixable", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(fixable, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
    const flowId = created.body.id;
    const [failed] = await waitForRuns(system, flowId, 1);
    expect(failed.metrics.statusSummary.errors[0].code).toBe("INGEST-1212-400");

    await sql(system, `UPDATE demo.fixable SET id = 2 WHERE id = ${BEYOND_LONG}`);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await runsOf(system, flowId))[0].metrics.statusSummary.status === "success", 60_000, 100);
    expect((await runsOf(system, flowId))[0].metrics.recordSummary).toEqual({ inputRecordCount: 2, outputRecordCount: 2, failedRecordCount: 0 });
    expect(await datasetRows(system, fixable.dataSetId, "SELECT tickId::VARCHAR AS id FROM $table ORDER BY 1")).toEqual([{ id: "1" }, { id: "2" }]);
  }, 120_000);

  it("records the commit an earlier attempt made but did not record, once, under a batch of its own", async () => {
    await sql(system, "CREATE TABLE demo.once_ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    await sql(system, `INSERT INTO demo.once_ticks VALUES (1, ${at(1_700_000_000)}), (${BEYOND_LONG}, ${at(1_700_000_001)})`);
    const fresh = await createPipeline(system, { tableName: "demo.once_ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(fresh, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { options: { partialIngestionPercent: 60 } }),
    });
    const flowId = created.body.id;
    const [run] = await waitForRuns(system, flowId, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    const [committed] = await batchesOf(flowId);
    // what the window's earlier attempts left before this release: the commit in the Delta log, the
    // batch of a failed attempt under the id the run kept, and no success batch
    const db = system.service.store.db;
    const failedId = "01M8V2JHXGC21RAS940XABQWT7";
    await db.deleteFrom("batches").where("id", "=", committed.id).execute();
    await db.insertInto("batches").values({ ...committed, id: failedId, status: "failed", output_records: 0, delta_version: null, files: "[]" }).execute();
    const details = JSON.parse((await db.selectFrom("runs").select("details").where("id", "=", run.id).executeTakeFirstOrThrow()).details!);
    details.promotion.batchId = failedId;
    await db.updateTable("runs").set({ status: "failed", details: JSON.stringify(details) }).where("id", "=", run.id).execute();

    expect((await call(system, "POST", `${FS}/runs/${run.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await call(system, "GET", `${FS}/runs/${run.id}`)).body.items[0].metrics.statusSummary.status === "success", 60_000, 100);
    const batches = await batchesOf(flowId);
    expect(batches.map((b) => b.status).sort()).toEqual(["failed", "success"]);
    const success = batches.find((b) => b.status === "success")!;
    expect(success.id).not.toBe(failedId);
    expect(Number(success.delta_version)).toBe(Number(committed.delta_version));
    expect(Number(success.output_records)).toBe(1);
    expect(await datasetRows(system, fresh.dataSetId, "SELECT tickId::VARCHAR AS id FROM $table")).toEqual([{ id: "1" }]);
  }, 120_000);
});
