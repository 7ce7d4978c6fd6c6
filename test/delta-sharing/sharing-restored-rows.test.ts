/**
 * A shared table restored to an earlier version (RESTORE TABLE … TO VERSION AS OF n) between two
 * runs of a flow reading it through Delta Sharing (docs/decisions.md, "A restored or vacuumed source
 * table"): the sharing server's query with startingVersion answers each version's data-changing adds
 * and removes under the ids its version queries give, change data feed or not; and a window reading
 * late rows, which would take the rows the restore brought back, already ingested, as new, fails at
 * once with CONNECTOR-2016-400 naming the restore and the resync, as a cluster's run does, instead
 * of ingesting them twice; after the resync and a re-trigger the dataset holds each row once. A
 * server whose log no longer reaches version 0 is asked from the earliest version it holds; one whose
 * log does not reach the last ingested version leaves the window unchecked, and the run says so,
 * unless the service was answered for those versions before. A file only commits changing no data
 * (OPTIMIZE) wrote and removed is found by asking for those versions' files.
 */
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { DeltaSharingClient } from "../../src/delta-sharing/index.js";
import { SharedTableRead } from "../../src/runs/sharing-read.js";
import { MAX_QUIET_VERSIONS } from "../../src/runs/sharing-table-history.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { orderFlows } from "../support/order-flows.js";
import { commitActions, ofKind } from "../support/delta-tables.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";

/** the orders table, shared as demo_share.shared.<table>: no change data feed, and a DELETE rewrites the file */
const SHARED_ORDERS = "(order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)";
const TWO_ORDERS = "(1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')";

describe("a shared table restored between the runs of a flow", () => {
  let system: TestSystem;
  let connectionId: string;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: the run below must fail at its first attempt
    system = await startTestSystem({ workspace: true, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    const connection = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
    expect(connection.status, connection.text).toBe(201);
    connectionId = connection.body.id;
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
  }, 60_000);
  afterAll(() => system?.close());

  const latestVersion = async (table: string) => Number((await sql(system, `DESCRIBE HISTORY ${table} LIMIT 1`)).data[0][0]);
  const recipient = () => new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN });
  const { startRun, resyncAndRetrigger } = orderFlows(() => system);
  /** a window's failure for the restore at version `restoredAt`: not retried, naming the restore */
  const expectRestoreRefusal = (refused: unknown, restoredAt: number) => {
    expect(refused).toMatchObject({ code: "CONNECTOR-2016-400", retryable: false });
    expect((refused as Error).message).toContain(`version ${restoredAt} restored it to an earlier version`);
  };
  const ids = (dataSetId: string) => datasetRows(system, dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id");

  it("answers a query with startingVersion with each version's adds and removes, a restored file under the id it had", async () => {
    await sql(system, `CREATE TABLE shared.restored_files ${SHARED_ORDERS}`);
    await sql(system, `INSERT INTO shared.restored_files VALUES ${TWO_ORDERS}`);
    const inserted = await latestVersion("shared.restored_files");
    await sql(system, "DELETE FROM shared.restored_files WHERE order_id = 2");
    const deleted = await latestVersion("shared.restored_files");
    await sql(system, `RESTORE TABLE shared.restored_files TO VERSION AS OF ${inserted}`);
    const restored = await latestVersion("shared.restored_files");

    const table = { share: "demo_share", schema: "shared", table: "restored_files" };
    const filesAt = async (version: number) => (await recipient().query(table, { version })).files.map((f) => f.id);
    const [first] = await filesAt(inserted);
    const [rewritten] = await filesAt(deleted);
    const changes = (await recipient().dataChanges(table, inserted, restored)).map((f) => ({ kind: f.kind, version: f.version, id: f.id }));
    expect(changes).toEqual([
      { kind: "add", version: inserted, id: first },
      { kind: "add", version: deleted, id: rewritten },
      { kind: "remove", version: deleted, id: first },
      { kind: "add", version: restored, id: first },
      { kind: "remove", version: restored, id: rewritten },
    ]);
    // the change data feed is off: its own endpoint refuses the range the query answers
    await expect(recipient().changes(table, inserted, restored)).rejects.toThrow(/not enabled/i);

    // what the protocol does not allow together is refused with 400 saying why
    const query = (body: object) =>
      fetch(`${system.workspace!.sharingEndpoint}/shares/demo_share/schemas/shared/tables/restored_files/query`, {
        method: "POST",
        headers: { authorization: `Bearer ${DEV_SHARING_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    for (const [body, said] of [
      [{ endingVersion: restored }, "endingVersion is only supported with startingVersion"],
      [{ startingVersion: inserted, version: restored }, "startingVersion cannot be given with version or timestamp"],
      [{ startingVersion: restored, endingVersion: inserted }, `endingVersion ${inserted} is before startingVersion ${restored}`],
    ] as const) {
      const refused = await query(body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ errorCode: "INVALID_PARAMETER_VALUE", message: said });
    }
  }, 60_000);

  it("fails a window whose late rows a restore brought back, naming the restore and the resync, then reads its window once resynced", async () => {
    await sql(system, `CREATE TABLE shared.restored_rows ${SHARED_ORDERS}`);
    await sql(system, `INSERT INTO shared.restored_rows VALUES ${TWO_ORDERS}`);
    const pipeline = await createPipeline(system, {
      connectionId,
      connectionSpecId: SHARING_SPEC,
      tableName: "demo_share.shared.restored_rows",
      schema: orderSchema,
      mappings: orderMappings,
      columns: ["order_id", "amount", "status", "ordered_at"],
    });
    // a once flow due in a day: its runs are the ones POST /runs starts
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id as string;
    const window = (from: number, to: number) => ({ deltaColumn: { name: "ordered_at" }, windowStartTime: String(from / 1000), windowEndTime: String(to / 1000) });
    const statusOf = async (count: number) => (await waitForRuns(system, flowId, count))[count - 1].metrics.statusSummary;

    await startRun(flowId, window(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 2)));
    expect((await statusOf(1)).status).toBe("success");
    const ingested = await latestVersion("shared.restored_rows");

    // order 2 deleted (its file rewritten), and a window read since: the rewritten file is no late row
    await sql(system, "DELETE FROM shared.restored_rows WHERE order_id = 2");
    await startRun(flowId, window(Date.UTC(2026, 0, 2), Date.UTC(2026, 2, 1)));
    expect((await statusOf(2)).status).toBe("success");
    // the restore brings back the file of orders 1 and 2, both in the dataset already
    await sql(system, `RESTORE TABLE shared.restored_rows TO VERSION AS OF ${ingested}`);
    const restoredAt = await latestVersion("shared.restored_rows");
    await sql(system, "INSERT INTO shared.restored_rows VALUES (3, 3.00, 'placed', TIMESTAMP'2026-06-01 00:00:00'), (4, 4.00, 'placed', TIMESTAMP'2025-06-01 00:00:00')");

    // the late rows would be the files added since less those removed: order 2 again
    await startRun(flowId, window(Date.UTC(2026, 2, 1), Date.UTC(2027, 0, 1)));
    const [, , failed] = await waitForRuns(system, flowId, 3);
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    const error = failed.metrics.statusSummary.errors[0] as { code: string; message: string };
    expect(error.code).toBe("CONNECTOR-2016-400");
    expect(error.message).toContain(`version ${restoredAt} restored it to an earlier version`);
    expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);
    expect(await ids(pipeline.dataSetId)).toEqual([{ id: 1 }, { id: 2 }]);

    await resyncAndRetrigger(flowId, failed.id);
    await expect.poll(async () => (await statusOf(3)).status, { timeout: 30_000 }).toBe("success");
    // the window's row; the late row added with it is no window's after a resync, and order 2 stays once
    expect(await ids(pipeline.dataSetId)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  }, 120_000);

  const locationOf = async (table: string) => {
    const detail = await sql(system, `DESCRIBE DETAIL ${table}`);
    return String(detail.data[0][detail.schema.findIndex((c: { name: string }) => c.name === "location")]).replace(/^file:/, "");
  };
  /** the table's log cleaned up below `version`, as Delta's log retention does (a checkpoint stands in for them) */
  const cleanLogBelow = async (table: string, version: number) => {
    const location = await locationOf(table);
    for (let v = 0; v < version; v++) rmSync(path.join(location, "_delta_log", `${String(v).padStart(20, "0")}.json`));
  };
  /** what OPTIMIZE commits, which the local workspace does not run: the file the latest commit added, written again under a new name, its add and remove changing no data */
  const compactLatestFile = async (table: string) => {
    const location = await locationOf(table);
    const version = await latestVersion(table);
    const [file] = ofKind(await commitActions(location, version), "add");
    const rewritten = `part-00000-${randomUUID()}-c000.snappy.parquet`;
    copyFileSync(path.join(location, file.path), path.join(location, rewritten));
    const now = Date.now();
    const actions = [
      { commitInfo: { timestamp: now, operation: "OPTIMIZE", operationParameters: { predicate: "[]", zOrderBy: "[]" }, isBlindAppend: false, operationMetrics: {} } },
      { remove: { path: file.path, deletionTimestamp: now, dataChange: false, extendedFileMetadata: true, partitionValues: file.partitionValues, size: file.size } },
      { add: { ...file, path: rewritten, modificationTime: now, dataChange: false } },
    ];
    writeFileSync(path.join(location, "_delta_log", `${String(version + 1).padStart(20, "0")}.json`), actions.map((a) => JSON.stringify(a)).join("\n") + "\n");
  };
  /** a window of demo_share.shared.<table> at its latest version, read as a run reads it, late rows since version `since` */
  const readWindow = async (table: string, since: number, start: number, end: number) => {
    const shared = new SharedTableRead({
      connection: { sharing: { shareCredentialsVersion: 1, endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN } },
      source: { tableName: `demo_share.shared.${table}`, columns: ["order_id", "ordered_at"] },
      mapping: [],
      flow: { id: "flow-1" },
    } as unknown as RunInputs);
    const dir = mkdtempSync(path.join(os.tmpdir(), "cleaned-log-"));
    try {
      const read = await shared.rowFiles(await shared.latestVersion(), { kind: "window", deltaColumn: "ordered_at", start, end, lateSinceVersion: since }, dir);
      const instance = await DuckDBInstance.create(":memory:");
      const conn = await instance.connect();
      const ids = (await conn.runAndReadAll(`SELECT order_id::INTEGER FROM read_parquet('${read.files[0]}') ORDER BY 1`)).getRowsJson().map((r) => Number(r[0]));
      conn.closeSync();
      instance.closeSync();
      return { ids, warnings: read.warnings };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // a checkpoint every two versions, below which the log can be cleaned up
  const CHECKPOINTED = "(order_id BIGINT, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false, delta.checkpointInterval = 2)";

  it("finds a restored file from the earliest version the server's log still holds when it no longer reaches version 0", async () => {
    await sql(system, `CREATE TABLE shared.restored_cleaned ${CHECKPOINTED}`);
    await sql(system, "INSERT INTO shared.restored_cleaned VALUES (1, TIMESTAMP'2025-01-01 00:00:00')");
    await sql(system, "INSERT INTO shared.restored_cleaned VALUES (2, TIMESTAMP'2026-01-01 00:00:00'), (3, TIMESTAMP'2026-01-01 00:00:00')");
    const restoredTo = await latestVersion("shared.restored_cleaned");
    await sql(system, "DELETE FROM shared.restored_cleaned WHERE order_id = 3");
    const ingested = await latestVersion("shared.restored_cleaned");
    await sql(system, `RESTORE TABLE shared.restored_cleaned TO VERSION AS OF ${restoredTo}`);
    const restoredAt = await latestVersion("shared.restored_cleaned");
    // the versions below the restored one's checkpoint are gone from the log
    await cleanLogBelow("shared.restored_cleaned", restoredTo);

    const refused = await readWindow("restored_cleaned", ingested, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)).catch((error: unknown) => error);
    expectRestoreRefusal(refused, restoredAt);
  }, 60_000);

  it("fails a window reading late rows of a table with deletion vectors (the delta response format) when a restore only took a vector away", async () => {
    await sql(system, "CREATE TABLE shared.restored_vectors (order_id BIGINT, ordered_at TIMESTAMP) USING DELTA");
    await sql(system, "INSERT INTO shared.restored_vectors VALUES (1, TIMESTAMP'2026-01-01 00:00:00'), (2, TIMESTAMP'2026-01-01 00:00:00')");
    const inserted = await latestVersion("shared.restored_vectors");
    await sql(system, "DELETE FROM shared.restored_vectors WHERE order_id = 2");
    const ingested = await latestVersion("shared.restored_vectors");
    const table = { share: "demo_share", schema: "shared", table: "restored_vectors" };
    expect((await recipient().query(table, { version: ingested })).files.some((f) => f.deletionVector)).toBe(true);
    await sql(system, `RESTORE TABLE shared.restored_vectors TO VERSION AS OF ${inserted}`);
    const restoredAt = await latestVersion("shared.restored_vectors");
    await sql(system, "INSERT INTO shared.restored_vectors VALUES (4, TIMESTAMP'2025-06-01 00:00:00')");

    // the file of orders 1 and 2 without its vector is a file the table had before, under its old id:
    // order 2, in the dataset already, came back with it, so the window fails as on a cluster
    const refused = await readWindow("restored_vectors", ingested, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)).catch((error: unknown) => error);
    expectRestoreRefusal(refused, restoredAt);
  }, 60_000);

  it("reads a window unchecked, saying so in a warning, when the server's log no longer reaches the last ingested version", async () => {
    await sql(system, `CREATE TABLE shared.cleaned_log ${CHECKPOINTED}`);
    await sql(system, "INSERT INTO shared.cleaned_log VALUES (1, TIMESTAMP'2026-01-01 00:00:00')");
    await sql(system, "INSERT INTO shared.cleaned_log VALUES (2, TIMESTAMP'2026-02-01 00:00:00')");
    const ingested = await latestVersion("shared.cleaned_log");
    await sql(system, "INSERT INTO shared.cleaned_log VALUES (3, TIMESTAMP'2025-06-01 00:00:00')");
    // the checkpoint of the last ingested version stays: that version can be read, its commit is gone
    await cleanLogBelow("shared.cleaned_log", ingested + 1);

    const read = await readWindow("cleaned_log", ingested, Date.UTC(2026, 1, 15), Date.UTC(2026, 2, 1));
    expect(read.warnings).toEqual([expect.stringContaining(`the late rows since version ${ingested} were not checked for files a RESTORE brought back`)]);
    expect(read.warnings[0]).toContain("no longer in its log");
    // the late row is read all the same
    expect(read.ids).toEqual([3]);
  }, 60_000);

  it("finds a restored file that only commits changing no data wrote and removed (OPTIMIZE twice), which the query with startingVersion leaves out", async () => {
    await sql(system, `CREATE TABLE shared.restored_compacted ${CHECKPOINTED}`);
    await sql(system, "INSERT INTO shared.restored_compacted VALUES (1, TIMESTAMP'2026-01-01 00:00:00'), (2, TIMESTAMP'2026-01-01 00:00:00')");
    await compactLatestFile("shared.restored_compacted");
    const compacted = await latestVersion("shared.restored_compacted");
    await compactLatestFile("shared.restored_compacted");
    // order 2 deleted: the file of the second OPTIMIZE rewritten, a data change
    await sql(system, "DELETE FROM shared.restored_compacted WHERE order_id = 2");
    const ingested = await latestVersion("shared.restored_compacted");
    // the restore brings back the first OPTIMIZE's file, order 2 with it, in the dataset already
    await sql(system, `RESTORE TABLE shared.restored_compacted TO VERSION AS OF ${compacted}`);
    const restoredAt = await latestVersion("shared.restored_compacted");
    await sql(system, "INSERT INTO shared.restored_compacted VALUES (5, TIMESTAMP'2025-06-01 00:00:00')");

    const table = { share: "demo_share", schema: "shared", table: "restored_compacted" };
    const [restoredFile] = (await recipient().query(table, { version: compacted })).files.map((f) => f.id);
    const traces = (await recipient().dataChanges(table, 0, restoredAt)).filter((f) => f.id === restoredFile);
    expect(traces.map((f) => ({ kind: f.kind, version: f.version }))).toEqual([{ kind: "add", version: restoredAt }]);

    const refused = await readWindow("restored_compacted", ingested, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)).catch((error: unknown) => error);
    expectRestoreRefusal(refused, restoredAt);
  }, 60_000);

  it("asks for the files of at most 50 versions that changed no data a run, newest first, warning of the rest, which the next run asks for", async () => {
    await sql(system, `CREATE TABLE shared.compacted_often ${SHARED_ORDERS}`);
    await sql(system, `INSERT INTO shared.compacted_often VALUES ${TWO_ORDERS}`);
    await compactLatestFile("shared.compacted_often");
    const compacted = await latestVersion("shared.compacted_often");
    for (let i = 0; i < MAX_QUIET_VERSIONS; i++) await compactLatestFile("shared.compacted_often");
    await sql(system, "DELETE FROM shared.compacted_often WHERE order_id = 2");
    const ingested = await latestVersion("shared.compacted_often");
    await sql(system, `RESTORE TABLE shared.compacted_often TO VERSION AS OF ${compacted}`);
    const restoredAt = await latestVersion("shared.compacted_often");
    await sql(system, "INSERT INTO shared.compacted_often VALUES (5, 5.00, 'placed', TIMESTAMP'2025-06-01 00:00:00')");

    // the first OPTIMIZE's version is among the oldest: this read leaves it (and version 0) unchecked, and says so
    const first = await readWindow("compacted_often", ingested, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1));
    expect(first.warnings).toEqual([expect.stringContaining(`the late rows since version ${ingested} were checked only in part for files a RESTORE brought back: 2 version(s) up to ${compacted}`)]);
    // the next read asks for them: the restore is caught
    const refused = await readWindow("compacted_often", ingested, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)).catch((error: unknown) => error);
    expectRestoreRefusal(refused, restoredAt);
  }, 120_000);

  it("checks a later window against the history it was answered before, when the server's log no longer reaches back", async () => {
    await sql(system, `CREATE TABLE shared.history_kept ${CHECKPOINTED}`);
    await sql(system, "INSERT INTO shared.history_kept VALUES (1, TIMESTAMP'2026-01-01 00:00:00')");
    await sql(system, "INSERT INTO shared.history_kept VALUES (2, TIMESTAMP'2026-02-01 00:00:00')");
    const first = await latestVersion("shared.history_kept");
    await sql(system, "INSERT INTO shared.history_kept VALUES (3, TIMESTAMP'2025-06-01 00:00:00')");
    await sql(system, "INSERT INTO shared.history_kept VALUES (6, TIMESTAMP'2026-02-20 00:00:00')");
    expect(await readWindow("history_kept", first, Date.UTC(2026, 1, 15), Date.UTC(2026, 2, 1))).toEqual({ ids: [3, 6], warnings: [] });

    const ingested = await latestVersion("shared.history_kept");
    await sql(system, "INSERT INTO shared.history_kept VALUES (4, TIMESTAMP'2025-07-01 00:00:00')");
    // the commits the first read was answered for leave the log (the checkpoint of the last ingested
    // version stays): a server asked afresh would not answer them, and the window would go unchecked
    await cleanLogBelow("shared.history_kept", ingested + 1);
    expect(await readWindow("history_kept", ingested, Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1))).toEqual({ ids: [4], warnings: [] });
  }, 60_000);
});
