import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/database.js";
import { kept } from "../../src/store/postgres-statements.js";
import { type ChangeLine, claimRun, createScheduledRuns, finishRun, listRunLog } from "../../src/store/runs.repository.js";
import { dueWindows, type Schedule } from "../../src/dataflows/windows.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

const T0 = 1_700_000_000;
const schedule: Schedule = { startTime: T0, frequency: "minute", interval: 1, backfill: true };
const NOW = T0 * 1000 + 3 * 60_000;

function line(store: Store, message: ChangeLine["message"]): ChangeLine {
  return { capabilities: store.capabilities, level: "info", message, at: NOW, keepLines: 100 };
}

async function scheduledFlow(store: Store): Promise<string> {
  const [id] = await insertFlowRows(store, 1, { startTime: T0, frequency: "minute", backfill: 1 });
  await createScheduledRuns(store.db, { id, imsOrgId: "ORG", sandboxName: "prod" }, null, dueWindows(schedule, null, NOW), NOW);
  return id;
}

/** `work` on one connection of the store's pool: PostgreSQL keeps statements per connection (SQLite has only the one). */
function onOneConnection<T>(store: Store, work: (connection: Store["db"]) => Promise<T>): Promise<T> {
  return store.capabilities.rowLocks ? store.db.connection().execute(work) : work(store.db);
}

describe.each(DIALECTS)("the run path's kept statements (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-kept");
  let stores: Store[];
  beforeEach(() => {
    stores = fresh.stores;
  });

  it("claim and finish runs on a connection that kept them after a migration added a column to runs under it", async () => {
    const [store, other] = stores;
    const flowId = await scheduledFlow(store);
    await onOneConnection(store, async (connection) => {
      const first = await claimRun(connection, store.capabilities, "w1", NOW, 60_000, 3, line(store, (a) => `attempt ${a} started`));
      expect(await finishRun(connection, first!.id, "w1", { status: "success", details: {}, now: NOW }, line(store, () => "done"))).toBe(true);

      // by another process on PostgreSQL (on SQLite, the one process)
      await sql`ALTER TABLE runs ADD COLUMN added_later integer`.execute(other.db);

      const second = await claimRun(connection, store.capabilities, "w1", NOW, 60_000, 3, line(store, (a) => `attempt ${a} started`));
      expect(second).toMatchObject({ flow_id: flowId, window_seq: 1, status: "inProgress", lease_owner: "w1", attempts: 1, max_attempts: 3 });
      expect(second).not.toHaveProperty("added_later");
      expect(await finishRun(connection, second!.id, "w1", { status: "success", details: {}, now: NOW }, line(store, () => "done"))).toBe(true);
      expect((await listRunLog(connection, second!.id)).map((l) => l.message)).toEqual(["attempt 1 started", "done"]);
    });
  });

  it.runIf(dialect === "postgres")("are prepared once a connection whatever their lines say, and a connection keeps no more than 50 statements", async () => {
    const [store] = stores;
    await scheduledFlow(store);
    const messages: Array<ChangeLine["message"]> = [() => "started", (a) => `attempt ${a} started`, (a) => `attempt ${a}, again ${a}, 'quoted' {braced}`];
    await store.db.connection().execute(async (connection) => {
      const prepared = async () => (await sql<{ n: number }>`SELECT CAST(count(*) AS integer) AS n FROM pg_prepared_statements`.execute(connection)).rows[0].n;
      for (const [i, message] of messages.entries()) {
        const run = await claimRun(connection, store.capabilities, "w1", NOW, 60_000, i === 0 ? undefined : 3, line(store, message));
        await finishRun(connection, run!.id, "w1", { status: "success", details: { i }, now: NOW }, line(store, message));
      }
      const [, second, third] = await store.db.selectFrom("runs").select("id").orderBy("window_seq").execute();
      expect((await listRunLog(store.db, second.id))[0].message).toBe("attempt 1 started");
      expect((await listRunLog(store.db, third.id))[0].message).toBe("attempt 1, again 1, 'quoted' {braced}");
      expect(await prepared()).toBe(2);

      for (let i = 0; i < 60; i++) {
        const { rows } = await kept(sql<{ n: number }>`SELECT CAST(${i} AS integer) + ${sql.lit(i)} AS n`).execute(connection);
        expect(rows[0].n).toBe(2 * i);
      }
      expect(await prepared()).toBe(50);
    });
  });
});
