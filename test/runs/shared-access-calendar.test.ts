/**
 * A cluster in shared access mode refuses the export's session settings for Spark's calendar: the run
 * log warns, naming the setting refused, and a table holding a date before 1582 fails the run with
 * CONNECTOR-2018-400, whose message says what to set where; once the cluster's own Spark config holds
 * both settings, the re-triggered run lands the date exactly.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, datasetRows, FS, flowBody, runsOf, waitForRuns } from "../support/journey.js";
import { ancientDatePipeline, CORRECTED_CALENDAR_CONF, editClusterAccessMode } from "../support/shared-access-cluster.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await editClusterAccessMode(system, "USER_ISOLATION");
});
afterAll(() => system.close());

it("fails the run of a table with an ancient date on a shared cluster, warning of the refused setting, and lands it once the cluster's Spark config says CORRECTED", async () => {
  const pipeline = await ancientDatePipeline(system, "demo.ancient_shared");
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
  expect(created.status, created.text).toBe(201);
  const [failed] = await waitForRuns(system, created.body.id, 1);
  expect(failed.metrics.statusSummary.status).toBe("failed");
  const [error] = failed.metrics.statusSummary.errors;
  expect(error.code).toBe("CONNECTOR-2018-400");
  expect(error.message).toContain("set both to CORRECTED in the cluster's Spark config");

  const log = (await call(system, "GET", `${FS}/runs/${failed.id}/logs`)).body.items;
  for (const key of Object.keys(CORRECTED_CALENDAR_CONF)) {
    expect(log).toContainEqual(
      expect.objectContaining({ level: "warn", message: expect.stringMatching(new RegExp(`^the cluster refused SET ${key.replaceAll(".", "\\.")}=CORRECTED \\(.*\\[CONFIG_NOT_AVAILABLE\\] Configuration ${key.replaceAll(".", "\\.")} is not available`)) }),
    );
  }
  expect(await datasetRows(system, pipeline.dataSetId, "SELECT * FROM $table")).toEqual([]);

  // the workspace admin adds the two lines to the cluster's Spark config; the cluster stays shared
  await editClusterAccessMode(system, "USER_ISOLATION", CORRECTED_CALENDAR_CONF);
  expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
  await eventually(async () => (await runsOf(system, created.body.id)).some((r) => r.metrics.statusSummary.status === "success"), 60_000, 100);
  expect(await datasetRows(system, pipeline.dataSetId, "SELECT _id, CAST(born AS VARCHAR) AS born FROM $table")).toEqual([{ _id: "julian-leap", born: "1500-03-01" }]);
});
