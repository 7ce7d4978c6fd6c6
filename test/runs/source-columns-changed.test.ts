/**
 * A source table whose columns change between two windows of a flow (ALTER TABLE … ADD COLUMNS,
 * RENAME COLUMN with column mapping): the next window's late-row comparison lines the two versions'
 * columns up by name (a new column NULL in the older version, a renamed one under its old name),
 * so the window reads its own rows and the late ones, each once (docs/api/runs.md#late-rows). A
 * column the source connection lists, renamed, fails the run naming the new name and the PATCH.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { DatabricksCluster } from "../../src/databricks/client.js";
import { MAPPING_SETS } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, sql, waitForRuns } from "../support/journey.js";
import { eventually } from "../support/blob.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const schema = { ...orderSchema, properties: { ...orderSchema.properties, note: { type: "string" } } };
const DEC_15 = "TIMESTAMP'2025-12-15 00:00:00'";
const JAN_1 = "TIMESTAMP'2026-01-01 00:00:00'";
const JUN_1 = "TIMESTAMP'2026-06-01 00:00:00'";
/** the orders tables' columns, as orderMappings reads them and the windows' delta column */
const ORDER_COLUMNS = "order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP";

describe("a source table whose columns change between a flow's windows", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: a run that fails must fail at its first attempt
    system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  }, 60_000);
  afterAll(() => system?.close());

  const addColumn = (table: string, name: string) => sql(system, `ALTER TABLE ${table} ADD COLUMNS (${name} STRING)`);
  const renameColumn = (table: string, from: string, to: string) => sql(system, `ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to}`);

  /** a once flow over `table` whose runs POST /runs starts, each with a window of ordered_at */
  const flowOver = async (table: string, columns: string[]) => {
    const pipeline = await createPipeline(system, { tableName: table, schema, mappings: orderMappings, columns });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    return { pipeline, flowId: created.body.id as string };
  };
  /** the flow's runs started so far */
  const runs = new Map<string, number>();
  const runWindow = async (flowId: string, from: string, to: string) => {
    const window = { deltaColumn: { name: "ordered_at" }, windowStartTime: String(Date.parse(from) / 1000), windowEndTime: String(Date.parse(to) / 1000) };
    const started = await call(system, "POST", `${FS}/runs`, { body: { flowId, params: window } });
    expect(started.status, started.text).toBe(201);
    runs.set(flowId, (runs.get(flowId) ?? 0) + 1);
    const all = await waitForRuns(system, flowId, runs.get(flowId)!);
    return all[all.length - 1];
  };
  const succeeded = async (run: any) => {
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    return JSON.stringify((await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body);
  };
  /** the flow reads `mappings` from now on (a new mapping set, PATCHed into its transformations) */
  const remap = async (pipeline: Pipeline, flowId: string, mappings: object[]) => {
    const dataSet = (await call(system, "GET", `/data/foundation/catalog/dataSets/${pipeline.dataSetId}`)).body[pipeline.dataSetId];
    const mapping = await call(system, "POST", MAPPING_SETS, { body: { version: 0, xdmSchema: dataSet.schemaRef.id, xdmVersion: "1.0", id: null, mappings } });
    expect(mapping.status, mapping.text).toBeLessThan(300);
    const flow = (await call(system, "GET", `${FS}/flows/${flowId}`)).body.items[0];
    const transformations = flow.transformations.map((t: any) => (t.name === "Mapping" ? { ...t, params: { mappingId: mapping.body.id, mappingVersion: 0 } } : t));
    const patched = await call(system, "PATCH", `${FS}/flows/${flowId}`, { headers: { "if-match": flow.etag }, body: [{ op: "replace", path: "/transformations", value: transformations }] });
    expect(patched.status, patched.text).toBe(200);
  };
  /** how many statements the service has sent the cluster since this call that read `table`'s whole history (the version pin reads only its LIMIT 1) */
  const wholeHistoryReads = (table: string) => {
    const statements = vi.spyOn(DatabricksCluster.prototype, "runSql");
    onTestFinished(() => statements.mockRestore());
    return () => statements.mock.calls.filter(([sql]) => /^DESCRIBE HISTORY\b/i.test(sql) && !/\bLIMIT\b/i.test(sql) && sql.includes(table)).length;
  };
  /** `table` made with `columns` (and table `properties`) holding `rows`, and a once flow over it whose first window read them */
  const flowAfterFirstWindow = async (table: string, columns: string, rows: string, properties = "") => {
    await sql(system, `CREATE TABLE ${table} (${columns}) USING DELTA${properties ? ` TBLPROPERTIES (${properties})` : ""}`);
    await sql(system, `INSERT INTO ${table} VALUES ${rows}`);
    const flow = await flowOver(table, []);
    await succeeded(await runWindow(flow.flowId, "2025-12-01T00:00:00Z", "2026-01-02T00:00:00Z"));
    return flow;
  };
  const orders = (pipeline: Pipeline) => datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, status, note FROM $table ORDER BY id");

  it("a flow reading every column: after ADD COLUMNS the next window reads its rows and the late ones once, with the new column", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.grown", ORDER_COLUMNS, `(1, 1.00, 'placed', ${JAN_1}), (2, 2.00, 'placed', ${JAN_1})`);

    await addColumn("demo.grown", "note");
    await sql(system, `INSERT INTO demo.grown VALUES (3, 3.00, 'placed', ${JUN_1}, 'in the window'), (4, 4.00, 'placed', ${DEC_15}, 'late')`);
    await remap(pipeline, flowId, [...orderMappings, { sourceAttribute: "note", destinationXdmPath: "note" }]);
    const log = await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect(log).toContain("note is new (NULL in the older rows)");
    expect(await orders(pipeline)).toEqual([
      { id: 1, status: "placed", note: null },
      { id: 2, status: "placed", note: null },
      { id: 3, status: "placed", note: "in the window" },
      { id: 4, status: "placed", note: "late" },
    ]);
  }, 60_000);

  it("a flow reading a MAP column (late rows compared through a key of each row): after ADD COLUMNS, each row once", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.grown_map", `${ORDER_COLUMNS}, tags MAP<STRING, INT>`, `(1, 1.00, 'placed', ${JAN_1}, map('a', 1)), (2, 2.00, 'placed', ${JAN_1}, map('b', 2))`);

    await addColumn("demo.grown_map", "note");
    await sql(system, `INSERT INTO demo.grown_map VALUES (3, 3.00, 'placed', ${JUN_1}, map('c', 3), 'in the window'), (4, 4.00, 'placed', ${DEC_15}, map('d', 4), 'late')`);
    await remap(pipeline, flowId, [...orderMappings, { sourceAttribute: "note", destinationXdmPath: "note" }]);
    const log = await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect(log).toContain("late rows are found through a JSON key of each row");
    expect((await orders(pipeline)).map((r) => [r.id, r.note])).toEqual([
      [1, null],
      [2, null],
      [3, "in the window"],
      [4, "late"],
    ]);
  }, 60_000);

  it("a flow reading every column: a column it does not map, added and filled in by UPDATE, reads no row again; an UPDATE of a mapped one does", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.backfilled", `${ORDER_COLUMNS}, tags MAP<STRING, INT>`, `(1, 1.00, 'placed', ${JAN_1}, map('a', 1)), (2, 2.00, 'placed', ${JAN_1}, NULL)`);

    await addColumn("demo.backfilled", "segment");
    await sql(system, "UPDATE demo.backfilled SET segment = 'retail', tags = map('z', 9)");
    const log = await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2026-06-01T00:00:00Z"));
    expect(log).toContain("only the columns the flow writes are compared (order_id, amount, status)");
    expect((await orders(pipeline)).map((r) => r.id)).toEqual([1, 2]);

    await sql(system, "UPDATE demo.backfilled SET status = 'shipped' WHERE order_id = 2");
    await succeeded(await runWindow(flowId, "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect((await orders(pipeline)).map((r) => `${r.id} ${r.status}`).sort()).toEqual(["1 placed", "2 placed", "2 shipped"]);
  }, 60_000);

  it("a column replaced with another type its earlier values do not convert to fails the window at once with CONNECTOR-2020-400 and the resync; resynced, it reads its rows", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.retyped", ORDER_COLUMNS, `(1, 1.00, 'ten', ${JAN_1})`);

    // the table keeps its id and history: the late-row comparison casts the earlier version's 'ten' to BIGINT
    await sql(system, "CREATE OR REPLACE TABLE demo.retyped (order_id BIGINT, amount DECIMAL(18,2), status BIGINT, ordered_at TIMESTAMP) USING DELTA");
    await sql(system, `INSERT INTO demo.retyped VALUES (2, 2.00, 10, ${JUN_1})`);
    const failed = await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z");
    const summary = failed.metrics.statusSummary;
    expect(summary.status).toBe("failed");
    expect(summary.errors[0].code).toBe("CONNECTOR-2020-400");
    expect(summary.errors[0].message).toMatch(/^A column of demo\.retyped changed its type since flow \S+ last ingested it .*\[CAST_INVALID_INPUT\].*A retry would fail the same way, so the run was not retried\. Resync the flow: POST \/data\/foundation\/flowservice\/flows\/\S+\/action\?op=resync, then re-trigger this run/);

    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await runsOf(system, flowId)).find((r: any) => r.id === failed.id)?.metrics.statusSummary.status === "success", 30_000);
    expect(await orders(pipeline)).toEqual([
      { id: 1, status: "ten", note: null },
      { id: 2, status: "10", note: null },
    ]);
  }, 60_000);

  it("a flow reading every column: a mapped column renamed or dropped fails before the export, naming what became of it and the PATCH", async () => {
    const { flowId } = await flowAfterFirstWindow("demo.moved", ORDER_COLUMNS, `(1, 1.00, 'placed', ${JAN_1})`, "'delta.columnMapping.mode' = 'name'");

    await renameColumn("demo.moved", "status", "state");
    await sql(system, "ALTER TABLE demo.moved DROP COLUMN amount");
    const failed = await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z");
    expect(failed.metrics.statusSummary.status).toBe("failed");
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2012-400");
    expect(error.message).toMatch(/^Version \d+ of demo\.moved has no column `amount`, `status`, which the flow reads \(through its mapping set\): `amount` is not a column of it \(dropped, or renamed without column mapping\); `status` was renamed to `state` at version \d+\. Nothing was exported\./);
    expect(error.message).toMatch(/PUT \/data\/foundation\/conversion\/mappingSets\/\w+\) and point the flow at it \(PATCH \/data\/foundation\/flowservice\/flows\/\S+, its Mapping transformation's mappingVersion\), then re-trigger this run/);
  }, 60_000);

  it("a once flow whose delta column was renamed is told to rename it back (its delta column stays its own); renamed back, the window reads its rows", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.redated", ORDER_COLUMNS, `(1, 1.00, 'placed', ${JAN_1})`, "'delta.columnMapping.mode' = 'name'");

    await renameColumn("demo.redated", "ordered_at", "placed_at");
    const failed = await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z");
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2012-400");
    expect(error.message).toContain("has no column `ordered_at`, which the flow reads (as its delta column): `ordered_at` was renamed to `placed_at` at version");
    expect(error.message).toContain(`Flow ${flowId} runs once, and its delta column \`ordered_at\` stays its own: rename the column back (ALTER TABLE demo.redated RENAME COLUMN <its name now> TO \`ordered_at\`)`);

    await renameColumn("demo.redated", "placed_at", "ordered_at");
    await sql(system, `INSERT INTO demo.redated VALUES (2, 2.00, 'placed', ${JUN_1})`);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await runsOf(system, flowId)).find((r: any) => r.id === failed.id)?.metrics.statusSummary.status === "success", 30_000);
    expect((await orders(pipeline)).map((r) => r.id)).toEqual([1, 2]);
  }, 60_000);

  it("a flow reading every column: after a column is widened the next window reads its rows and the late ones once, its log naming the widening", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.widened", "order_id INT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP", `(1, 1.00, 'placed', ${JAN_1})`, "'delta.enableTypeWidening' = 'true'");

    await sql(system, "ALTER TABLE demo.widened ALTER COLUMN order_id TYPE BIGINT");
    await sql(system, `INSERT INTO demo.widened VALUES (2, 2.00, 'placed', ${JUN_1}), (3, 3.00, 'late', ${DEC_15})`);
    const log = await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect(log).toContain("order_id changed type (int, now bigint: the older values cast to it)");
    expect((await orders(pipeline)).map((r) => [r.id, r.status])).toEqual([
      [1, "placed"],
      [2, "placed"],
      [3, "late"],
    ]);
  }, 60_000);

  it("a once flow listing its delta column, renamed, is told to rename it back, not to list the new name alone", async () => {
    await sql(system, `CREATE TABLE demo.listed_redated (${ORDER_COLUMNS}) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name')`);
    await sql(system, `INSERT INTO demo.listed_redated VALUES (1, 1.00, 'placed', ${JAN_1})`);
    const { flowId } = await flowOver("demo.listed_redated", ["order_id", "amount", "status", "ordered_at"]);
    await succeeded(await runWindow(flowId, "2025-12-01T00:00:00Z", "2026-01-02T00:00:00Z"));

    await renameColumn("demo.listed_redated", "ordered_at", "placed_at");
    const failed = await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z");
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2012-400");
    expect(error.message).toContain("`ordered_at`, renamed to `placed_at` at version");
    expect(error.message).toContain(
      `\`ordered_at\` is the delta column of flow ${flowId}, which runs once and keeps it: rename the column back (ALTER TABLE demo.listed_redated RENAME COLUMN \`placed_at\` TO \`ordered_at\`)`,
    );
  }, 60_000);

  it("a flow reading every column: after a column is dropped and added again under its name, each row once", async () => {
    await sql(system, "CREATE TABLE demo.readded (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP, note STRING) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await sql(system, `INSERT INTO demo.readded VALUES (1, 1.00, 'placed', ${JAN_1}, 'old'), (2, 2.00, 'placed', ${JAN_1}, 'old')`);
    const { pipeline, flowId } = await flowOver("demo.readded", []);
    await remap(pipeline, flowId, [...orderMappings, { sourceAttribute: "note", destinationXdmPath: "note" }]);
    await succeeded(await runWindow(flowId, "2025-12-01T00:00:00Z", "2026-01-02T00:00:00Z"));

    await sql(system, "ALTER TABLE demo.readded DROP COLUMN note");
    await addColumn("demo.readded", "note");
    await sql(system, `INSERT INTO demo.readded VALUES (3, 3.00, 'placed', ${JUN_1}, 'in the window'), (4, 4.00, 'placed', ${DEC_15}, 'late')`);
    const log = await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect(log).toContain("note is new (NULL in the older rows)");
    expect(await orders(pipeline)).toEqual([
      { id: 1, status: "placed", note: "old" },
      { id: 2, status: "placed", note: "old" },
      { id: 3, status: "placed", note: "in the window" },
      { id: 4, status: "placed", note: "late" },
    ]);
  }, 60_000);

  it("the local workspace refuses a set operation over structs of other fields, as Spark does (the comparison below must line them up)", async () => {
    const refused = await sql(system, "SELECT named_struct('a', 1) AS s EXCEPT ALL SELECT named_struct('a', 1, 'b', 'x') AS s").catch((e: Error) => e.message);
    expect(refused).toContain("[INCOMPATIBLE_COLUMN_TYPE] EXCEPT can only be performed on inputs with compatible column types. The first column of the second input is");
    expect(await sql(system, "SELECT 1 AS a, named_struct('a', 1) AS s UNION ALL (SELECT CAST(2 AS BIGINT), CASE WHEN true THEN named_struct('A', 2) END)")).toMatchObject({ data: [[1, { a: 1 }], [2, { a: 2 }]] });
  });

  it("a flow reading a struct that gained a field: the next window reads its rows and the late ones once", async () => {
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.grown_struct", `${ORDER_COLUMNS}, info STRUCT<a: INT>`, `(1, 1.00, 'placed', ${JAN_1}, named_struct('a', 1)), (2, 2.00, 'placed', ${JAN_1}, NULL)`);

    await sql(system, "ALTER TABLE demo.grown_struct ADD COLUMNS (info.b STRING)");
    await sql(system, `INSERT INTO demo.grown_struct VALUES (3, 3.00, 'placed', ${JUN_1}, named_struct('a', 3, 'b', 'x')), (4, 4.00, 'placed', ${DEC_15}, named_struct('a', 1, 'b', NULL))`);
    await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect((await orders(pipeline)).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  }, 60_000);

  it("a flow listing columns: survives a rename of a column it does not list, then reads a column added and listed since", async () => {
    await sql(system, "CREATE TABLE demo.listed (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP, channel STRING) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await sql(system, `INSERT INTO demo.listed VALUES (1, 1.00, 'placed', ${JAN_1}, 'web')`);
    const { pipeline, flowId } = await flowOver("demo.listed", ["order_id", "amount", "status", "ordered_at"]);
    await succeeded(await runWindow(flowId, "2025-12-01T00:00:00Z", "2026-01-02T00:00:00Z"));

    await renameColumn("demo.listed", "channel", "sales_channel");
    await sql(system, `INSERT INTO demo.listed VALUES (2, 2.00, 'placed', ${JUN_1}, 'shop'), (3, 3.00, 'placed', ${DEC_15}, 'web')`);
    await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2026-07-01T00:00:00Z"));
    expect((await orders(pipeline)).map((r) => r.id)).toEqual([1, 2, 3]);

    // a column added, and listed by the source connection from now on: the version the last run read has none
    await addColumn("demo.listed", "note");
    const source = (await call(system, "GET", `${FS}/sourceConnections/${pipeline.sourceId}`)).body.items[0];
    const patched = await call(system, "PATCH", `${FS}/sourceConnections/${pipeline.sourceId}`, {
      headers: { "if-match": source.etag },
      body: [{ op: "add", path: "/params/columns/-", value: { name: "note" } }],
    });
    expect(patched.status, patched.text).toBe(200);
    await remap(pipeline, flowId, [...orderMappings, { sourceAttribute: "note", destinationXdmPath: "note" }]);
    await sql(system, `INSERT INTO demo.listed VALUES (4, 4.00, 'placed', ${DEC_15}, 'web', 'late'), (5, 5.00, 'placed', ${"TIMESTAMP'2026-08-01 00:00:00'"}, 'web', 'in the window')`);
    const log = await succeeded(await runWindow(flowId, "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect(log).toContain("note is new (NULL in the older rows)");
    expect((await orders(pipeline)).map((r) => [r.id, r.note])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, "late"],
      [5, "in the window"],
    ]);
  }, 60_000);

  it("a rename of a column the source connection lists fails naming the new name and the PATCH; once patched, the window reads each row once", async () => {
    await sql(system, "CREATE TABLE demo.renamed (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await sql(system, `INSERT INTO demo.renamed VALUES (1, 1.00, 'placed', ${JAN_1}), (2, 2.00, 'shipped', ${JAN_1})`);
    const { pipeline, flowId } = await flowOver("demo.renamed", ["order_id", "amount", "status", "ordered_at"]);
    await succeeded(await runWindow(flowId, "2025-12-01T00:00:00Z", "2026-01-02T00:00:00Z"));

    await renameColumn("demo.renamed", "status", "state");
    await sql(system, `INSERT INTO demo.renamed VALUES (3, 3.00, 'placed', ${JUN_1}), (4, 4.00, 'late', ${DEC_15})`);
    const failed = await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z");
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2012-400");
    expect(error.message).toContain("`status`, renamed to `state` at version");
    expect(error.message).toContain("PATCH the source connection's params.columns to list `state` instead of `status`");

    const source = (await call(system, "GET", `${FS}/sourceConnections/${pipeline.sourceId}`)).body.items[0];
    const columns = ["order_id", "amount", "state", "ordered_at"].map((name) => ({ name }));
    const patched = await call(system, "PATCH", `${FS}/sourceConnections/${pipeline.sourceId}`, { headers: { "if-match": source.etag }, body: [{ op: "replace", path: "/params/columns", value: columns }] });
    expect(patched.status, patched.text).toBe(200);
    await remap(pipeline, flowId, orderMappings.map((m) => (m.sourceAttribute === "status" ? { ...m, sourceAttribute: "state" } : m)));
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await expect.poll(async () => (await waitForRuns(system, flowId, runs.get(flowId)!)).at(-1).metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    const log = JSON.stringify((await call(system, "GET", `${FS}/runs/${failed.id}/logs`)).body);
    expect(log).toContain("state was status");
    // the rows of the first window compare equal under the new name: none is read again
    expect((await orders(pipeline)).map((r) => [r.id, r.status])).toEqual([
      [1, "placed"],
      [2, "shipped"],
      [3, "placed"],
      [4, "late"],
    ]);
  }, 60_000);

  it("a window reading late rows after a RENAME COLUMN reads the table's history once for the rename and the restore check; a first window reads none", async () => {
    const historyReads = wholeHistoryReads("history_once");
    const { pipeline, flowId } = await flowAfterFirstWindow("demo.history_once", `${ORDER_COLUMNS}, channel STRING`, `(1, 1.00, 'placed', ${JAN_1}, 'web')`, "'delta.columnMapping.mode' = 'name'");
    expect(historyReads()).toBe(0);

    // the late-row comparison follows the rename and the window is checked for restores: one history for both
    await renameColumn("demo.history_once", "channel", "sales_channel");
    await sql(system, `INSERT INTO demo.history_once VALUES (2, 2.00, 'placed', ${JUN_1}, 'shop'), (3, 3.00, 'late', ${DEC_15}, 'web')`);
    const log = await succeeded(await runWindow(flowId, "2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z"));
    expect(log).toContain("sales_channel was channel");
    expect(historyReads()).toBe(1);
    expect((await orders(pipeline)).map((r) => [r.id, r.status])).toEqual([
      [1, "placed"],
      [2, "placed"],
      [3, "late"],
    ]);
  }, 60_000);
});
