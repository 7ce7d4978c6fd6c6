/**
 * A tick that grows the queue at once (a start after downtime, thousands of new flows) refreshes
 * PostgreSQL's statistics of the runs table: with the statistics of a short queue, each claim read
 * and sorted the whole backlog (42 ms a claim at 6,000 due runs instead of 0.2 ms), so a backlog
 * drained in quadratic time exactly when it had to drain fast. Small ticks refresh them once they add up to as many runs.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleDueRuns } from "../../src/runs/scheduler.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { claimRun } from "../../src/store/runs.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";

async function dueOnceFlows(store: Store, count: number): Promise<void> {
  await insertFlowRows(store, count, { startTime: Math.floor(Date.now() / 1000) - 10, frequency: "once" });
}

async function analyzedAt(store: Store): Promise<unknown> {
  const result = await sql<{ at: unknown }>`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'runs'`.execute(store.db);
  return result.rows[0]?.at ?? null;
}

describe.runIf(DIALECTS.includes("postgres"))("the queue's statistics on PostgreSQL", () => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await createTestDatabase();
    store = openStore({ databaseUrl: database.url, dataDir: "." });
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it("are refreshed by a tick that creates a thousand runs or more, and claims then walk the queue's index in order", async () => {
    await dueOnceFlows(store, 1200);
    expect(await analyzedAt(store)).toBeNull();
    expect(await scheduleDueRuns(store, Date.now())).toBe(1200);
    expect(await analyzedAt(store)).not.toBeNull();
    const plan = await sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT id FROM runs WHERE status IN ('scheduled', 'inProgress') AND held = 0 AND due_at <= ${Date.now()} ORDER BY due_at, window_seq LIMIT 1`.execute(store.db);
    const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("runs_claim_order");
    expect(text).not.toContain("Sort");
    expect(await claimRun(store.db, store.capabilities, "w", Date.now(), 60_000)).toBeDefined();
  });

  it("are left alone by the small ticks of a steady schedule until they add up to a thousand runs", async () => {
    await dueOnceFlows(store, 20);
    expect(await scheduleDueRuns(store, Date.now())).toBe(20);
    expect(await analyzedAt(store)).toBeNull();
    for (let created = 20; created < 1000; created += 245) {
      expect(await analyzedAt(store)).toBeNull();
      await dueOnceFlows(store, 245);
      expect(await scheduleDueRuns(store, Date.now())).toBe(245);
    }
    expect(await analyzedAt(store)).not.toBeNull();
  });
});
