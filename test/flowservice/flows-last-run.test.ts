/**
 * GET /flows gives each flow on the page its last finished run (`lastRunDetails`): the success or
 * failure that completed last, whatever is still scheduled or running, and none for a flow that
 * never finished one. The runs are written straight into the store: the runs a real flow makes
 * would take a worker and a cluster for each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRow } from "../../src/store/runs.repository.js";
import { call, FS } from "../support/aep-calls.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

type Finished = [status: string, startedAt: number | null, completedAt: number | null];

describe.each(DIALECTS)("the last run of each listed flow (%s)", (dialect) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ dialect, env: { RUN_WORKER: "false" } });
  });
  afterAll(() => system.close());

  async function flowWith(name: string, createdAt: number, runs: Finished[]) {
    const db = system.service.store.db;
    const [id] = await insertFlowRows(system.service.store, 1, { orgId: TEST_CLIENT.orgId, name, state: "disabled", body: JSON.stringify({ name }), startTime: 0, frequency: "minute", createdAt });
    const flow = { id, imsOrgId: TEST_CLIENT.orgId, sandboxName: "prod" };
    const rows = runs.map(([status, startedAt, completedAt], sequence) => ({
      ...runRow(flow, { sequence, start: null, end: null, dueAt: 0 }, "schedule", 0), status, started_at: startedAt, completed_at: completedAt,
    }));
    if (rows.length) await db.insertInto("runs").values(rows).execute();
    return { id: flow.id, runs: rows };
  }

  it("shows the success or failure that finished last, and nothing for a flow that never finished a run", async () => {
    const failedLast = await flowWith("failed last", 1, [["success", 5, 10], ["failed", 25, 30], ["success", 15, 20], ["inProgress", 40, null], ["scheduled", null, null]]);
    const succeededLast = await flowWith("succeeded last", 2, [["failed", 1, 7], ["success", 35, 40], ["success", 3, 5]]);
    const neverFinished = await flowWith("never finished", 3, [["scheduled", null, null]]);
    const noRuns = await flowWith("no runs", 4, []);

    const listed = await call(system, "GET", `${FS}/flows?orderby=createdAt&limit=3`);
    expect(listed.status).toBe(200);
    const next = await call(system, "GET", `${FS}${listed.body._links.next.href}`);
    const byId = new Map([...listed.body.items, ...next.body.items].map((item: any) => [item.id, item.lastRunDetails]));
    expect(byId.get(failedLast.id)).toEqual({ id: failedLast.runs[1].id, state: "failed", startedAtUTC: 25, completedAtUTC: 30 });
    expect(byId.get(succeededLast.id)).toEqual({ id: succeededLast.runs[1].id, state: "success", startedAtUTC: 35, completedAtUTC: 40 });
    for (const unfinished of [neverFinished, noRuns]) {
      expect(byId.has(unfinished.id)).toBe(true);
      expect(byId.get(unfinished.id)).toBeUndefined();
    }
    // the flow's own page says the same
    const one = await call(system, "GET", `${FS}/flows/${failedLast.id}`);
    expect(one.body.items[0].lastRunDetails).toEqual(byId.get(failedLast.id));
  });
});
