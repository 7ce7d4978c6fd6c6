/**
 * On the embedded default every worker is a process of this host: a run whose worker process is gone
 * (a killed `npm start`) is given back as soon as a worker looks for lost runs, not when its lease
 * would have run out, and one whose process lives is left to it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Worker } from "../../src/runs/worker.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";

const HOUR = 3_600_000;

/** the pid of a process of this host that has ended */
function goneProcessPid(): number {
  return Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).toString());
}

describe("leases of worker processes of this host that are gone (SQLite in DATA_DIR)", () => {
  let dataDir: string;
  let store: Store;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-gone-leases-"));
    store = openStore({ dataDir });
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** a run in progress whose lease `owner` holds for an hour more */
  async function heldRun(owner: string): Promise<string> {
    const [flowId] = await insertFlowRows(store, 1, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" });
    const now = Date.now();
    const run = runRow({ id: flowId, imsOrgId: "ORG", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: now }, "schedule", now);
    Object.assign(run, { status: "inProgress", attempts: 1, lease_owner: owner, lease_expires_at: now + HOUR, started_at: now });
    await store.db.insertInto("runs").values(run).execute();
    return run.id;
  }
  const statusOf = async (id: string) => store.db.selectFrom("runs").select(["status", "attempts", "lease_owner"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("resumes at once a run whose worker process is gone, and leaves one whose process lives, or whose host is another", async () => {
    const gone = await heldRun(`${hostname()}:${goneProcessPid()}:dead0001`);
    const living = await heldRun(`${hostname()}:${process.ppid}:alive001`);
    const elsewhere = await heldRun(`another-host:${goneProcessPid()}:other001`);
    const executed: string[] = [];
    const worker = new Worker({
      store,
      workerId: "embedded",
      pollMs: 20,
      workersOnThisHostOnly: true,
      executor: async (run) => {
        executed.push(run.id);
        return { status: "success", details: {} };
      },
    });
    worker.start();
    try {
      await eventually(async () => (await statusOf(gone)).status === "success", 10_000, 20);
    } finally {
      await worker.stop();
    }
    // the lost attempt counted, as a lease that ran out counts it
    expect(await statusOf(gone)).toMatchObject({ status: "success", attempts: 2 });
    expect(executed).toEqual([gone]);
    expect(await statusOf(living)).toMatchObject({ status: "inProgress", attempts: 1, lease_owner: `${hostname()}:${process.ppid}:alive001` });
    expect(await statusOf(elsewhere)).toMatchObject({ status: "inProgress", attempts: 1 });
  });

  it("waits for the lease of a gone process to run out where workers may run elsewhere under this host's name", async () => {
    const gone = await heldRun(`${hostname()}:${goneProcessPid()}:dead0002`);
    const worker = new Worker({ store, workerId: "shared", pollMs: 20, executor: async () => ({ status: "success", details: {} }) });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await worker.stop();
    expect(await statusOf(gone)).toMatchObject({ status: "inProgress", attempts: 1 });
  });
});
