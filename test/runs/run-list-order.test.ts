import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleDueRuns } from "../../src/runs/scheduler.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/journey.js";

const WINDOWS = 30;

describe.each(DIALECTS)("GET /runs, oldest first (%s)", (dialect) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ dialect, env: { RUN_WORKER: "false" } });
  });
  afterAll(() => system.close());

  it("lists the runs a catch-up created together (one createdAt) in window order, across pages too", async () => {
    const now = Date.now();
    // a flow that missed its last 30 one-minute windows and catches up on them: one tick, one transaction
    const [flowId] = await insertFlowRows(system.service.store, 1, { orgId: TEST_CLIENT.orgId, startTime: Math.floor(now / 1000) - WINDOWS * 60 - 30, frequency: "minute", backfill: 1 });
    await scheduleDueRuns(system.service.store, now);
    const sequence = (run: any) => run.activities[0].statusSummary.extensions.sequence;

    const whole = await call(system, "GET", `${FS}/runs?property=flowId==${flowId}&limit=100`);
    expect(whole.status, whole.text).toBe(200);
    expect(whole.body.items.length).toBeGreaterThanOrEqual(WINDOWS);
    expect(new Set(whole.body.items.map((r: any) => r.createdAt)).size).toBe(1);
    const inOrder = whole.body.items.map(sequence).sort((a: number, b: number) => a - b);
    expect(whole.body.items.map(sequence)).toEqual(inOrder);

    const paged: number[] = [];
    let next: string | undefined = `${FS}/runs?property=flowId==${flowId}&limit=7`;
    while (next) {
      const page: any = await call(system, "GET", next);
      expect(page.status, page.text).toBe(200);
      paged.push(...page.body.items.map(sequence));
      const href: string | undefined = page.body._links?.next?.href;
      next = href ? `${FS}${href}` : undefined;
    }
    expect(paged).toEqual(inOrder);

    const newestFirst = await call(system, "GET", `${FS}/runs?property=flowId==${flowId}&limit=100&orderby=-createdAt`);
    expect(newestFirst.body.items.map(sequence)).toEqual([...inOrder].reverse());
  });

  it("refuses a filter on a field no run has (flowID for flowId), naming the fields, instead of answering no runs", async () => {
    const [flowId] = await insertFlowRows(system.service.store, 1, { orgId: TEST_CLIENT.orgId, startTime: Math.floor(Date.now() / 1000) - 90, frequency: "minute", backfill: 1 });
    await scheduleDueRuns(system.service.store, Date.now());
    const misspelt = await call(system, "GET", `${FS}/runs?property=flowID==${flowId}`);
    expect(misspelt.status, misspelt.text).toBe(400);
    expect(misspelt.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1449-400");
    expect(misspelt.body.errorMessage).toContain("Invalid field flowID in filter params");
    expect(misspelt.body.errorMessage).toContain("flowId");
    // the documented filters still answer
    const byStatus = await call(system, "GET", `${FS}/runs?property=flowId==${flowId}&property=metrics.statusSummary.status==Scheduled`);
    expect(byStatus.status, byStatus.text).toBe(200);
    expect(byStatus.body.items.length).toBeGreaterThan(0);
    expect(byStatus.body.items.every((run: any) => run.flowId === flowId)).toBe(true);
  });
});
