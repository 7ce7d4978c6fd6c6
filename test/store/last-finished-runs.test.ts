/** A flow item's last run: the newest finished (success or failed) run of each flow, whatever is still scheduled or running, read with the flow. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/database.js";
import { findFlowWithLastRun, pageFlows } from "../../src/store/flows.repository.js";
import { parseListQuery } from "../../src/aep-conventions/listing/list-query.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { runRow } from "../../src/store/runs.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";

const SCOPE = { imsOrgId: "ORG", sandboxName: "prod" };

describe.each(DIALECTS)("last finished runs (%s)", (dialect) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let store: Store;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-last-run-"));
    database = dialect === "postgres" ? await createTestDatabase() : undefined;
    store = openStore({ databaseUrl: database?.url, dataDir });
    await migrateToLatest(store.db);
  });
  afterAll(async () => {
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let created = 0;
  async function flowWith(runs: Array<[status: string, completedAt: number | null]>) {
    created += 1;
    const [id] = await insertFlowRows(store, 1, { startTime: 0, frequency: "minute", createdAt: created });
    const flow = { id, ...SCOPE };
    const rows = runs.map(([status, completedAt], sequence) => ({ ...runRow(flow, { sequence, start: null, end: null, dueAt: 0 }, "schedule", 0), status, completed_at: completedAt }));
    if (rows.length) await store.db.insertInto("runs").values(rows).execute();
    return { id: flow.id, runs: rows };
  }

  it("gives each flow its newest finished run, a failure as well as a success (either of the two finished in the same millisecond), and nothing for a flow that never finished one", async () => {
    const a = await flowWith([["success", 10], ["failed", 30], ["success", 20], ["scheduled", null], ["inProgress", 50]]);
    const b = await flowWith([["success", 5], ["success", 40], ["failed", 7]]);
    const c = await flowWith([["scheduled", null]]);
    const d = await flowWith([]);
    // a re-triggered run keeps no completion; a success and a failure in the same millisecond are both the newest
    const e = await flowWith([["success", 60], ["failed", 60], ["scheduled", 90]]);
    const page = await pageFlows(store.db, SCOPE, parseListQuery({}), async (rows) => rows);
    if (page.kind !== "page") throw new Error("a page was asked for");
    const listed = (id: string) => page.items.find((r) => r.id === id)?.last_run_id;
    expect(page.items.map((r) => r.id)).toEqual([a.id, b.id, c.id, d.id, e.id]);
    expect(listed(a.id)).toBe(a.runs[1].id);
    expect(listed(b.id)).toBe(b.runs[1].id);
    expect(listed(c.id)).toBeNull();
    expect(listed(d.id)).toBeNull();
    expect([e.runs[0].id, e.runs[1].id]).toContain(listed(e.id));
    // one flow read alone has the same run, with its status and times
    const one = await findFlowWithLastRun(store.db, SCOPE, a.id);
    expect(one).toMatchObject({ id: a.id, last_run_id: a.runs[1].id, last_run_status: "failed", last_run_completed_at: 30 });
    expect((await findFlowWithLastRun(store.db, SCOPE, d.id))?.last_run_id).toBeNull();
  });
});
