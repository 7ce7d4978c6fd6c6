/**
 * WEBHOOK_LEASE_MS sets how long the service's claim holds a webhook delivery it is posting: the
 * lease stored while a receiver takes its time ends that long ahead by the database's clock.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDeliveries } from "../../src/store/webhooks.repository.js";
import { arrived, pacedListener, type PacedListener } from "../support/paced-listener.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("WEBHOOK_LEASE_MS", () => {
  const log: string[] = [];
  let hooks: PacedListener;
  let system: TestSystem;
  beforeAll(async () => {
    // a receiver that holds every POST: the delivery stays leased while the test looks
    hooks = await pacedListener(log, () => ({ delayMs: 60_000 }));
    system = await startTestSystem({ env: { DATABRICKS_LOCAL: "false", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_LEASE_MS: "30000" } });
  });
  afterAll(async () => {
    await system?.close();
    await hooks?.close();
  });

  it("holds a delivery being posted for the lease it sets, by the database's clock", async () => {
    const { db, capabilities } = system.service.store;
    const at = Date.now();
    await enqueueDeliveries(db, [
      {
        id: randomUUID(), event_id: randomUUID(), type: "sources_flow_run_success", url: `${hooks.base}/hook`, secret_ref: null,
        body: JSON.stringify({ event: { id: "r1" } }), status: "pending", attempts: 0, next_attempt_at: capabilities.clockMs,
        lease_until: null, last_error: null, created_at: at, updated_at: at,
      },
    ]);
    await arrived(log, "/hook r1");
    const { rows } = await sql<{ left: number }>`SELECT lease_until - ${capabilities.clockMs} AS "left" FROM webhook_deliveries`.execute(db);
    // renewed every third of it: at least two thirds of it ahead, however late the renewal
    expect(Number(rows[0].left)).toBeGreaterThan(20_000);
    expect(Number(rows[0].left)).toBeLessThanOrEqual(30_000);
  });
});
