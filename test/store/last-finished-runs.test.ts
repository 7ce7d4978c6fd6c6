/** A flow item's last run: the newest finished (success or failed) run of each flow, whatever is still scheduled or running. */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/database.js";
import { lastFinishedRuns } from "../../src/store/flows.repository.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { runRow } from "../../src/store/runs.repository.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";

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

  async function flowWith(runs: Array<[status: string, completedAt: number | null]>) {
    const flow = { id: randomUUID(), imsOrgId: "ORG", sandboxName: "prod" };
    await store.db.insertInto("flows").values({
      id: flow.id, ims_org_id: "ORG", sandbox_name: "prod", name: "f", state: "enabled", etag: '"e"', body: "{}",
      start_time: 0, frequency: "minute", interval: 1, backfill: 0, scheduled_through: null, created_at: 0, updated_at: 0,
    }).execute();
    const rows = runs.map(([status, completedAt], sequence) => ({ ...runRow(flow, { sequence, start: null, end: null, dueAt: 0 }, "schedule", 0), status, completed_at: completedAt }));
    if (rows.length) await store.db.insertInto("runs").values(rows).execute();
    return { id: flow.id, runs: rows };
  }

  it("gives each flow its newest finished run, a failure as well as a success, and nothing for a flow that never finished one", async () => {
    const a = await flowWith([["success", 10], ["failed", 30], ["success", 20], ["scheduled", null], ["inProgress", 50]]);
    const b = await flowWith([["success", 5], ["success", 40], ["failed", 7]]);
    const c = await flowWith([["scheduled", null]]);
    const d = await flowWith([]);
    // a re-triggered run keeps no completion; a success and a failure in the same millisecond are both the newest
    const e = await flowWith([["success", 60], ["failed", 60], ["scheduled", 90]]);
    const found = await lastFinishedRuns(store.db, [a.id, b.id, c.id, d.id, e.id]);
    const byFlow = (id: string) => found.filter((r) => r.flow_id === id).map((r) => r.id).sort();
    expect(byFlow(a.id)).toEqual([a.runs[1].id]);
    expect(byFlow(b.id)).toEqual([b.runs[1].id]);
    expect(byFlow(c.id)).toEqual([]);
    expect(byFlow(d.id)).toEqual([]);
    expect(byFlow(e.id)).toEqual([e.runs[0].id, e.runs[1].id].sort());
    expect(found.map((r) => Number(r.completed_at))).toEqual([...found.map((r) => Number(r.completed_at))].sort((x, y) => y - x));
  });
});
