import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunNotifier } from "../../src/notifications/run-notifier.js";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { runRow } from "../../src/store/runs.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";

describe.runIf(DIALECTS.includes("postgres"))("running-too-long notifications (PostgreSQL, two processes)", () => {
  let database: TestDatabase;
  let stores: Store[];
  let dataDir: string;
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(body);
      res.end();
    });
  });
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-notify-"));
    database = await createTestDatabase();
    stores = [0, 1].map(() => openStore({ databaseUrl: database.url, dataDir }));
    await migrateToLatest(stores[0].db);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await database.drop();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("tell a flow's webhook once when a run passes the flow's threshold, and not before", async () => {
    const now = Date.now();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const body = JSON.stringify({ name: "f", notifications: { delayedRunThresholdMinutes: 10, webhooks: [{ url }] } });
    const [id] = await insertFlowRows(stores[0], 1, { body, startTime: 0, frequency: "hour", scheduledThrough: 1, createdAt: now });
    const flow = { id, imsOrgId: "ORG", sandboxName: "prod" };
    const slow = { ...runRow(flow, { sequence: 0, start: null, end: 0, dueAt: 0 }, "schedule", now), status: "inProgress", started_at: now - 11 * 60_000 };
    const young = { ...runRow(flow, { sequence: 1, start: 0, end: 1, dueAt: 0 }, "schedule", now), status: "inProgress", started_at: now - 5 * 60_000 };
    await stores[0].db.insertInto("runs").values([slow, young]).execute();

    const notifiers = stores.map((store) => {
      const outbox = new WebhookOutbox({ store, secretOf: async () => undefined });
      return {
        outbox,
        notifier: new RunNotifier({
          store,
          outbox,
          webhooksOf: (row) => JSON.parse(row.body).notifications.webhooks,
          sandboxWebhooks: {},
          defaultDelayMinutes: 150,
        }),
      };
    });
    const sent = await Promise.all(notifiers.map(({ notifier }) => notifier.checkDelayed(now)));
    for (const { outbox } of notifiers) await outbox.drain();
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0])).toMatchObject({ type: "sources_flow_run_delayed", event: { id: slow.id, flowId: flow.id } });
    // a later check sends nothing more
    expect(await notifiers[0].notifier.checkDelayed(now + 60_000)).toBe(0);
  });
});
