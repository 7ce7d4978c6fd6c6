/**
 * Workers draining a backlog of due runs: each run once, its log complete and in order, in two
 * statements a run on PostgreSQL (the attempt's first and last lines ride with the claim and the
 * finish, and the scheduler is not ticked before every claim), while a window that falls due
 * meanwhile still becomes a run within a poll interval.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleDueRuns } from "../../src/runs/scheduler.js";
import { type RunExecutor, Worker } from "../../src/runs/worker.js";
import type { Store } from "../../src/store/database.js";
import { listRunLog } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

/** Counts the statements a store runs (a transaction's BEGIN and COMMIT are not statements here). */
class StatementCounter implements KyselyPlugin {
  statements = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.statements++;
    return args.result;
  }
}

/** `count` enabled `once` flows whose window is due now; returns their ids. */
function dueOnceFlows(store: Store, count: number): Promise<string[]> {
  return insertFlowRows(store, count, { startTime: Math.floor(Date.now() / 1000) - 1, frequency: "once" });
}

describe.each(DIALECTS)("workers draining a backlog (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-backlog");
  let stores: Store[];
  let workers: Worker[];
  beforeEach(() => {
    stores = fresh.stores;
    workers = [];
  });
  // registered after the stores' own hooks, so it runs before they close the stores
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  function startWorkers(executor: RunExecutor, pollMs: number, counter?: StatementCounter): Array<Array<{ runId: string; attempt: number }>> {
    return stores.map((store, i) => {
      const counted = counter ? { ...store, db: store.db.withPlugin(counter) } : store;
      const worker = new Worker({ store: counted, workerId: `w${i}`, executor, pollMs });
      const claims: Array<{ runId: string; attempt: number }> = [];
      worker.on("claimed", (run) => claims.push({ runId: run.id, attempt: run.attempts }));
      workers.push(worker);
      worker.start();
      return claims;
    });
  }

  async function unfinished(): Promise<number> {
    const row = await stores[0].db.selectFrom("runs").select((eb) => eb.fn.countAll<string>().as("n")).where("status", "<>", "success").executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("runs every run once, with its attempt's first and last lines, in two statements a run on PostgreSQL", async () => {
    const backlog = 300;
    await dueOnceFlows(stores[0], backlog);
    expect(await scheduleDueRuns(stores[0], Date.now())).toBe(backlog);
    const counter = new StatementCounter();
    // a poll interval longer than the drain: ticks come only from a queue that looks empty
    const claims = startWorkers(async () => ({ status: "success", details: {} }), 60_000, counter);
    await eventually(async () => (await unfinished()) === 0, 60_000, 50);
    const statements = counter.statements;

    const all = claims.flat();
    expect(all).toHaveLength(backlog);
    expect(new Set(all.map((c) => c.runId)).size).toBe(backlog);
    const runs = await stores[0].db.selectFrom("runs").select(["id", "status", "attempts", "lease_owner"]).execute();
    expect(runs.every((r) => r.status === "success" && Number(r.attempts) === 1 && r.lease_owner === null)).toBe(true);
    for (const [i, own] of claims.entries()) {
      for (const { runId } of own) {
        const lines = await listRunLog(stores[0].db, runId);
        expect(lines.map((l) => [l.attempt, l.level, l.message])).toEqual([
          [1, "info", `attempt 1 of 3 started by worker w${i}`],
          [1, "info", "run succeeded on attempt 1"],
        ]);
        expect(lines[0].at).toBeLessThanOrEqual(lines[1].at);
      }
    }
    // a claim (with its line) and a finish (with its line) a run; the old way ticked the scheduler before each claim and wrote each line on its own: 5
    if (stores[0].capabilities.writableCtes) expect(statements / backlog).toBeLessThan(2.2);
  });

  it("turns a window that falls due while the backlog drains into a run within a poll interval, without waiting for the queue to empty", async () => {
    const backlog = 200;
    const pollMs = 250;
    await dueOnceFlows(stores[0], backlog);
    await scheduleDueRuns(stores[0], Date.now());
    const claims = startWorkers(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { status: "success", details: {} };
    }, pollMs);
    await eventually(async () => claims.flat().length >= 10, 30_000, 10);

    // a flow another process creates (nobody pokes these workers)
    const [late] = await dueOnceFlows(stores[0], 1);
    const dueAt = Date.now();
    await eventually(async () => (await stores[0].db.selectFrom("runs").select("id").where("flow_id", "=", late).execute()).length === 1, 30_000, 10);
    const [created] = await stores[0].db.selectFrom("runs").select(["id", "created_at"]).where("flow_id", "=", late).execute();
    const stillQueued = await stores[0].db.selectFrom("runs").select("id").where("status", "=", "scheduled").where("flow_id", "<>", late).execute();
    expect(Number(created.created_at) - dueAt).toBeLessThan(pollMs + 750);
    expect(stillQueued.length).toBeGreaterThan(0);

    await eventually(async () => (await unfinished()) === 0, 60_000, 50);
    expect(new Set(claims.flat().map((c) => c.runId)).size).toBe(backlog + 1);
    expect(claims.flat()).toHaveLength(backlog + 1);
  });
});
