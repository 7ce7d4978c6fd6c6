/**
 * A process that only runs a webhook outbox on a PostgreSQL database, until it is killed: what a
 * test kills to see another process take its deliveries over. OUTBOX_DATABASE_URL, OUTBOX_DATA_DIR,
 * OUTBOX_LEASE_MS and OUTBOX_TENANT_CONCURRENCY set it up, and OUTBOX_CLOCK_SKEW_MS puts its clock that
 * far off the machine's; it prints "outbox ready" once started.
 */
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { openStore } from "../../src/store/database.js";

const skewMs = Number(process.env.OUTBOX_CLOCK_SKEW_MS ?? 0);
const store = openStore({ databaseUrl: process.env.OUTBOX_DATABASE_URL, dataDir: process.env.OUTBOX_DATA_DIR! });
const outbox = new WebhookOutbox({
  store,
  secretOf: async () => undefined,
  leaseMs: Number(process.env.OUTBOX_LEASE_MS),
  tenantConcurrency: Number(process.env.OUTBOX_TENANT_CONCURRENCY),
  pollMs: 50,
  now: () => Date.now() + skewMs,
});
outbox.start();
console.log("outbox ready");
