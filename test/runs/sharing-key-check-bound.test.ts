/**
 * A Delta Sharing change window checks its changed keys against the pinned version's rows by
 * downloading the files that may hold them, within RUN_SHARING_KEY_CHECK_BYTES: past it the window
 * is checked on its own changes only, and its log says what was not checked and why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createPipeline, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";

describe("a Delta Sharing change window whose key check would download more than its bound", () => {
  let system: TestSystem;
  let connectionId: string;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50", RUN_SHARING_KEY_CHECK_BYTES: "1" } });
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2099-01-01T00:00:00.0Z" }) });
    expect(created.status, created.text).toBe(201);
    connectionId = created.body.id;
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
  }, 120_000);
  afterAll(() => system.close());

  /**
   * A table of two rows, or of two files of one row each (`twoFiles`), its files partitioned by
   * order_id (`partitioned`: their stats then rule out none), and a flow whose first run read it.
   */
  async function keyedFlow(table: string, { partitioned = false, twoFiles = false, key = ["order_id"] } = {}) {
    const partitioning = partitioned ? " PARTITIONED BY (order_id)" : "";
    await sql(system, `CREATE TABLE shared.${table} (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA${partitioning} TBLPROPERTIES (delta.enableChangeDataFeed = true)`);
    const rows = ["(1, 1.00, 'first')", "(2, 2.00, 'placed')"];
    for (const inserted of twoFiles ? rows.map((row) => [row]) : [rows]) await sql(system, `INSERT INTO shared.${table} VALUES ${inserted.join(", ")}`);
    const source = { connectionId, connectionSpecId: SHARING_SPEC, tableName: `demo_share.shared.${table}` };
    const pipeline = await createPipeline(system, { ...source, cdcEnabled: true, primaryKey: key, schema: orderSchema, mappings: orderMappings, columns: [] });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { noDeltaColumn: true }) });
    expect(created.status, created.text).toBe(201);
    const [first] = await waitForRuns(system, created.body.id, 1, 90_000);
    expect(first.metrics.statusSummary.status, JSON.stringify(first.metrics.statusSummary)).toBe("success");
    return created.body.id as string;
  }

  async function nextRun(flowId: string, changes: string[]) {
    for (const change of changes) await sql(system, change);
    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId } })).status).toBe(201);
    return (await waitForRuns(system, flowId, 2, 120_000))[1];
  }

  it("downloads none of the table for the check, says so in the run's log, and still refuses a key two changed rows share", async () => {
    const flowId = await keyedFlow("bounded_check");
    const run = await nextRun(flowId, ["INSERT INTO shared.bounded_check VALUES (1, 9.00, 'second')"]);
    // the second row under key 1 is not seen without the pinned version's rows: the window is delivered
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    const logs = await call(system, "GET", `${FS}/runs/${run.id}/logs`);
    const warned = logs.body.items.filter((line: any) => line.level === "warn").map((line: any) => line.message);
    expect(warned).toEqual([expect.stringMatching(/^the key check compared the window's own changes only: counting the changed keys' rows in the pinned version would download \d+ of its files \(\d+ bytes, more than RUN_SHARING_KEY_CHECK_BYTES, 1\)/)]);

    const repeated = await keyedFlow("bounded_check_repeated");
    const refused = await nextRun(repeated, ["INSERT INTO shared.bounded_check_repeated VALUES (2, 5.00, 'again')", "UPDATE shared.bounded_check_repeated SET status = 'shipped' WHERE order_id = 2 AND status = 'placed'"]);
    expect(refused.metrics.statusSummary.status).toBe("failed");
    expect(refused.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2014-400");
  }, 300_000);

  it("downloads no file of the table, and warns of nothing, for a window whose versions changed no row", async () => {
    const flowId = await keyedFlow("maintenance_only", { partitioned: true });
    const run = await nextRun(flowId, ["ALTER TABLE shared.maintenance_only SET TBLPROPERTIES (delta.logRetentionDuration = 'interval 60 days')"]);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    const logs = (await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body.items;
    expect(logs.filter((line: any) => line.level === "warn")).toEqual([]);
    expect(logs.map((line: any) => line.message)).toContainEqual(expect.stringMatching(/^read 0 shared file\(s\), 0 bytes/));
  }, 300_000);

  it("counts, when the key partitions the table, only the files of the changed keys' partitions", async () => {
    const flowId = await keyedFlow("partitioned_by_key", { partitioned: true });
    const run = await nextRun(flowId, ["UPDATE shared.partitioned_by_key SET status = 'shipped' WHERE order_id = 2"]);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    const logs = (await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body.items;
    // the table's two partitions, one file each: the check needs key 2's alone
    expect(logs.filter((line: any) => line.level === "warn").map((line: any) => line.message)).toEqual([
      expect.stringContaining("counting the changed keys' rows in the pinned version would download 1 of its files"),
    ]);
  }, 300_000);

  it("narrows the files by each key column: a first one whose stats rule out none (a decimal) leaves it to the next", async () => {
    const flowId = await keyedFlow("composite_key", { twoFiles: true, key: ["amount", "order_id"] });
    const run = await nextRun(flowId, ["UPDATE shared.composite_key SET status = 'shipped' WHERE order_id = 2"]);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    const logs = (await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body.items;
    expect(logs.filter((line: any) => line.level === "warn").map((line: any) => line.message)).toEqual([
      expect.stringContaining("counting the changed keys' rows in the pinned version would download 1 of its files"),
    ]);
  }, 300_000);
});
