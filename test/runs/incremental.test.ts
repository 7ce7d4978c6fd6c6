import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "../support/journey.js";

const eventSchema = {
  title: "Events",
  type: "object",
  properties: {
    _id: { type: "string" },
    eventId: { type: "integer", "meta:xdmType": "long" },
    label: { type: "string" },
    at: { type: "string", format: "date-time" },
  },
};
const eventMappings = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "eventId" },
  { sourceAttribute: "label", destinationXdmPath: "label" },
  { sourceAttribute: "ts", destinationXdmPath: "at" },
];

/** A Spark TIMESTAMP literal for epoch microseconds. */
function ts(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const iso = new Date(ms).toISOString();
  return `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros % 1_000_000n).padStart(6, "0")}'`;
}

describe.concurrent.each(TEST_LAKES)("incremental windows, the lake %s", (lake) => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.events (id BIGINT, label STRING, ts TIMESTAMP) USING DELTA");
    pipeline = await createPipeline(system, { tableName: "demo.events", schema: eventSchema, mappings: eventMappings, columns: ["id", "label", "ts"] });
  });
  afterAll(() => system.close());

  it("put boundary rows, equal timestamps and late rows each in exactly one window", async () => {
    // windows 1..3 are due at once; window 4 is current, for 40 s, and runs when asked below (runNow), after the late row
    const start = Math.floor(Date.now() / 1000) - 3 * 60 - 20;
    const T = (k: number) => BigInt(start + k * 60) * 1_000_000n; // window k ends at T(k), in µs
    await sql(
      system,
      `INSERT INTO demo.events VALUES
        (1, 'before the start', ${ts(T(0) - 1n)}),
        (2, 'exactly at the start', ${ts(T(0))}),
        (3, 'exactly on a boundary', ${ts(T(1))}),
        (4, 'one microsecond before it', ${ts(T(1) - 1n)}),
        (5, 'same instant A', ${ts(T(2) + 30_000_000n)}),
        (6, 'same instant B', ${ts(T(2) + 30_000_000n)}),
        (7, 'next window', ${ts(T(3) + 1_000_000n)}),
        (10, 'no time', NULL)`,
    );
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: start, frequency: "minute", interval: 1, backfill: false }, { deltaColumn: "ts" }),
    });
    expect(created.status).toBe(201);
    const flowId = created.body.id;

    const firstThree = await waitForRuns(system, flowId, 3);
    expect(firstThree.map((r) => r.metrics.statusSummary.status)).toEqual(["success", "success", "success"]);
    expect(firstThree.map((r) => r.metrics.recordSummary.outputRecordCount)).toEqual([2, 1, 2]);
    const windows = firstThree.map((r) => r.activities[0].durationSummary.extensions);
    expect(windows[0]).toEqual({ windowStart: start * 1000, windowEnd: (start + 60) * 1000 });
    expect(windows[1].windowStart).toBe(windows[0].windowEnd);
    // the first window says, once, that a row without a time is read by no window
    const logText = async (runId: string) => JSON.stringify((await call(system, "GET", `${FS}/runs/${runId}/logs`)).body);
    expect(await logText(firstThree[0].id)).toContain("1 row(s) of demo.events at version");
    expect(await logText(firstThree[0].id)).toContain("have no ts (NULL): no window reads them");
    expect(await logText(firstThree[1].id)).not.toContain("no window reads them");

    // a late row (its time lies in window 2, already ingested) and a row of window 4
    await sql(system, `INSERT INTO demo.events VALUES (8, 'late', ${ts(T(1) + 5_000_000n)}), (9, 'on time', ${ts(T(3) + 2_000_000n)})`);
    const now = await call(system, "POST", `${FS}/runs`, { body: { flowId, params: { runNow: true } } });
    expect(now.status, now.text).toBe(201);
    const all = await waitForRuns(system, flowId, 4, 90_000);
    expect(all[3].metrics.statusSummary.status).toBe("success");
    expect(all[3].metrics.recordSummary.outputRecordCount).toBe(3);
    // its log says it reads the late rows besides its window's
    const logs = (await call(system, "GET", `${FS}/runs/${all[3].id}/logs`)).body;
    const exporting = JSON.stringify(logs).match(/the rows whose ts lies in \[[^"]*late rows \(ts before [^)]*\) added since version \d+/);
    expect(exporting, JSON.stringify(logs)).not.toBeNull();

    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT eventId::INTEGER AS id, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    expect(rows).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((id) => ({ id, n: 1 })));
    const micro = await datasetRows(system, pipeline.dataSetId, `SELECT epoch_us("at")::VARCHAR AS us FROM $table WHERE eventId = 4`);
    expect(micro[0].us).toBe(String(T(1) - 1n));
  }, 180_000);
});
