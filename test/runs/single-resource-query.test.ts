import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline, waitForRuns } from "../support/journey.js";

/**
 * A single resource's GET treats query parameters as the lists do: one it does not take is refused
 * (FLOW-1451-400 naming it) rather than ignored; a run's log takes `limit`, its newest lines, and
 * says the range when the value is not one.
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;

describe("query parameters of a single resource's GET", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let flowId: string;
  let runId: string;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
    flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) })).body.id;
    runId = (await call(system, "POST", `${FS}/runs`, { body: { flowId } })).body.id;
    await waitForRuns(system, flowId, 1, 120_000);
  });
  afterAll(() => system.close());

  it.each([
    () => `runs/${runId}?foo=1`,
    () => `runs/${runId}/logs?foo=1`,
    () => `flows/${flowId}?foo=1`,
    () => `connections/${pipeline.connectionId}?foo=1`,
    () => `sourceConnections/${pipeline.sourceId}?foo=1`,
    () => `connections/${pipeline.connectionId}/test?foo=1`,
  ])("refuses an unknown parameter on GET %#, naming it", async (path) => {
    const reply = await call(system, "GET", `${FS}/${path()}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toContain("foo");
    expect((await call(system, "GET", `${FS}/${path().replace("?foo=1", "")}`)).status).toBe(200);
  });

  it("takes limit on a run's log (its newest lines) and says the range for one that is not a number in it", async () => {
    const all = (await call(system, "GET", `${FS}/runs/${runId}/logs`)).body.items;
    expect(all.length).toBeGreaterThan(2);
    const newest = await call(system, "GET", `${FS}/runs/${runId}/logs?limit=2`);
    expect(newest.status, newest.text).toBe(200);
    expect(newest.body.items).toEqual(all.slice(-2));
    for (const limit of ["abc", "0", "501"]) {
      const reply = await call(system, "GET", `${FS}/runs/${runId}/logs?limit=${limit}`);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.report.property).toBe("limit");
      expect(reply.body.errorMessage).toContain("from 1 to 500");
    }
  });
});
