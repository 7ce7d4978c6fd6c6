/**
 * A row before a window's start whose double or float changes from 0.0 to -0.0 (or back), at the
 * top level or inside a struct or an array, with its delta column kept, is a late row: the next
 * window ingests it, its value exact; so is a new late row's -0.0. Rows rewritten unchanged (NaN,
 * -0.0, at the top level or nested) are not read again. On a cluster, on a cluster over a table that
 * also holds a MAP (which the flow does not write, so it is not compared), and through Delta Sharing (compared in the service's DuckDB): a set operation
 * (EXCEPT ALL) would take -0.0 for 0.0 and give it back as 0.0 (docs/api/runs.md#late-rows).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const JAN_1 = "TIMESTAMP'2026-01-01 00:00:00'";
const double = (text: string) => `CAST('${text}' AS DOUBLE)`;
const float = (text: string) => `CAST('${text}' AS FLOAT)`;
const schema = { title: "Measures", type: "object", properties: { _id: { type: "string" }, ratio: { type: "number" }, f: { type: "number" }, x: { type: "number" }, element: { type: "number" } } };
/** every column but a MAP the table may hold: the flow writes them, so a change to one is a late row */
const mappings = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "ratio", destinationXdmPath: "ratio" },
  { sourceAttribute: "f", destinationXdmPath: "f" },
  { sourceAttribute: "point.x", destinationXdmPath: "x" },
  { sourceAttribute: "list[0]", destinationXdmPath: "element" },
];

type Values = readonly [id: number, ratio: string, f: string, x: string, element: string];
/** a row: its id, ratio, f, point.x and list[0] (their texts), its ordered_at before every window but the first */
const row = ([id, ratio, f, x, element]: Values, withMap: boolean) =>
  `(${id}, ${double(ratio)}, ${float(f)}, named_struct('x', ${double(x)}), array(${double(element)}), ${JAN_1}${withMap ? ", map('k', 1.5D)" : ""})`;

/**
 * The rows, one file per INSERT (an UPDATE rewrites the file of the rows it changes). Zeros of both
 * signs may share a file's column: files with a FLOAT or DOUBLE are written without the Parquet
 * dictionary that took one for the other.
 */
const FILES: Values[][] = [
  [
    [1, "0.0", "1.0", "1.0", "1.0"], // its ratio becomes -0.0, then 0.0 again
    [2, "NaN", "NaN", "-0.0", "-0.0"], // rewritten unchanged
    [4, "4.0", "-0.0", "NaN", "NaN"], // rewritten unchanged
  ],
  [[3, "3.0", "-0.0", "3.0", "3.0"]], // its f becomes 0.0
  [
    [5, "5.0", "5.0", "-0.0", "5.0"], // its point.x becomes 0.0
    [6, "6.0", "6.0", "6.0", "-0.0"], // its list becomes [0.0]
  ],
];

describe("a late row whose only change is the sign of a zero", () => {
  let system: TestSystem;
  let sharingConnectionId: string;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
    const connection = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
    expect(connection.status, connection.text).toBe(201);
    sharingConnectionId = connection.body.id;
  }, 60_000);
  afterAll(() => system?.close());

  const readers = [
    { name: "a cluster", table: "demo.zeros", withMap: false, sharing: false },
    { name: "a cluster, the table holding a MAP too", table: "demo.zeros_map", withMap: true, sharing: false },
    { name: "Delta Sharing", table: "shared.zeros", withMap: false, sharing: true },
  ];

  it.each(readers)("is ingested by the next window, its zero exact, through $name; rows rewritten unchanged are not read again", async ({ table, withMap, sharing }) => {
    const columns = `id BIGINT, ratio DOUBLE, f FLOAT, point STRUCT<x: DOUBLE>, list ARRAY<DOUBLE>, ordered_at TIMESTAMP${withMap ? ", tags MAP<STRING, DOUBLE>" : ""}`;
    await sql(system, `CREATE TABLE ${table} (${columns}) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)`);
    for (const rows of FILES) await sql(system, `INSERT INTO ${table} VALUES ${rows.map((r) => row(r, withMap)).join(", ")}`);
    const pipeline = await createPipeline(system, {
      tableName: sharing ? `demo_share.${table}` : table,
      schema,
      mappings,
      columns: [],
      ...(sharing ? { connectionId: sharingConnectionId, connectionSpecId: SHARING_SPEC } : {}),
    });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id as string;
    /** runs the next monthly window of 2026 (the first also takes December 2025), with how many rows it ingested */
    let windows = 0;
    let log = "";
    const nextWindow = async () => {
      windows += 1;
      const from = windows === 1 ? Date.UTC(2025, 11, 1) : Date.UTC(2026, windows - 1, 1);
      const params = { deltaColumn: { name: "ordered_at" }, windowStartTime: String(from / 1000), windowEndTime: String(Date.UTC(2026, windows, 1) / 1000) };
      const started = await call(system, "POST", `${FS}/runs`, { body: { flowId, params } });
      expect(started.status, started.text).toBe(201);
      const run = (await waitForRuns(system, flowId, windows)).at(-1);
      expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
      log = JSON.stringify((await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body);
      return run.metrics.recordSummary.outputRecordCount as number;
    };
    const ingested = async (id: number, column: "ratio" | "f") =>
      (await datasetRows(system, pipeline.dataSetId, `SELECT ${column} AS v FROM $table WHERE _id = '${id}' ORDER BY signbit(${column})`)).map((r) => r.v);

    expect(await nextWindow()).toBe(6);
    await sql(system, `UPDATE ${table} SET ratio = ${double("-0.0")} WHERE id = 1`);
    expect(await nextWindow()).toBe(1);
    if (!sharing) expect(log).toContain("ratio, f, point, list hold a FLOAT or DOUBLE, whose -0.0 Spark's EXCEPT ALL takes for 0.0");
    // a MAP it does not write is not compared
    if (withMap) expect(log).toContain("only the columns the flow writes are compared (id, ratio, f, point, list)");
    const [first, late] = await ingested(1, "ratio");
    expect(Object.is(first, 0) && Object.is(late, -0), `row 1 reads back ${String(first)} and ${String(late)}`).toBe(true);

    await sql(system, `UPDATE ${table} SET ratio = ${double("0.0")} WHERE id = 1`);
    expect(await nextWindow()).toBe(1);
    expect((await ingested(1, "ratio")).map((v) => Object.is(v, -0))).toEqual([false, false, true]);

    await sql(system, `UPDATE ${table} SET f = ${float("0.0")} WHERE id = 3`);
    expect(await nextWindow()).toBe(1);
    expect((await ingested(3, "f")).map((v) => [v, Object.is(v, -0)])).toEqual([
      [0, false],
      [-0, true],
    ]);

    await sql(system, `UPDATE ${table} SET point = named_struct('x', ${double("0.0")}) WHERE id = 5`);
    await sql(system, `UPDATE ${table} SET list = array(${double("0.0")}) WHERE id = 6`);
    expect(await nextWindow()).toBe(2);

    // a new row dated before the window
    await sql(system, `INSERT INTO ${table} VALUES ${row([7, "-0.0", "7.0", "7.0", "7.0"], withMap)}`);
    expect(await nextWindow()).toBe(1);
    expect((await ingested(7, "ratio")).map((v) => Object.is(v, -0))).toEqual([true]);
  }, 120_000);
});
