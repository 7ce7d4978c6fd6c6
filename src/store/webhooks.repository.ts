/** The webhook outbox's queries: enqueue, claim a due delivery with a lease, record the outcome, delete old settled ones. */
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";
import { type WebhookDeliveryTable, webhookUrlKey } from "./webhooks.table.js";

/** A delivery to queue; its URL's key is worked out here. */
export type NewDelivery = Omit<WebhookDeliveryTable, "url_key" | "tenant_key"> & { tenant_key?: string | null };

export async function enqueueDeliveries(db: Kysely<Database>, rows: readonly NewDelivery[]): Promise<void> {
  if (rows.length > 0) {
    await db
      .insertInto("webhook_deliveries")
      .values(rows.map((row) => ({ ...row, tenant_key: row.tenant_key ?? null, url_key: webhookUrlKey(row.url) })))
      .execute();
  }
}

/** tenant_key as compared when leaving tenants out: the deliveries queued without one are one tenant. */
const UNNAMED_TENANT = "";

/**
 * No delivery to the same URL enqueued before this one is still pending (posting, or waiting for a
 * retry): a receiver gets its deliveries one at a time, in enqueue order. Only a pending delivery
 * becomes delivered or abandoned, never the reverse, so a later one never overtakes it. Read
 * through webhook_deliveries_by_url: the URL's key, not the URL, so a long URL fits the index.
 */
function firstPendingOfItsUrl(eb: ExpressionBuilder<Database, "webhook_deliveries">) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom("webhook_deliveries as earlier")
        .select("earlier.id")
        .whereRef("earlier.url_key", "=", "webhook_deliveries.url_key")
        .where("earlier.status", "=", "pending")
        // one row comparison, not an OR: the index seeks straight to the earlier ones
        .where((inner) => inner(inner.refTuple("earlier.created_at", "earlier.id"), "<", inner.refTuple("webhook_deliveries.created_at", "webhook_deliveries.id"))),
    ),
  );
}

/** Deliveries due now that nobody holds, at most one per URL: the first pending of each. */
export async function dueDeliveryIds(db: Kysely<Database>, now: number, limit: number): Promise<string[]> {
  const rows = await dueDeliveries(db, now, limit).execute();
  return rows.map((r) => r.id);
}

/** Deliveries due now that nobody holds (as dueDeliveryIds), with their tenants, but none of `fullTenants`'. */
export async function dueDeliveriesOfOtherTenants(
  db: Kysely<Database>,
  now: number,
  limit: number,
  fullTenants: ReadonlyArray<string | null>,
): Promise<Array<{ id: string; tenant_key: string | null }>> {
  return dueDeliveries(db, now, limit, fullTenants).execute();
}

/**
 * The query of the two above, unrun (a test reads its plan): the due deliveries and their tenants,
 * leaving out those of `fullTenants` (null: the ones queued without a tenant), which may start no
 * more now.
 */
export function dueDeliveries(db: Kysely<Database>, now: number, limit: number, fullTenants: ReadonlyArray<string | null> = []) {
  return db
    .selectFrom("webhook_deliveries")
    .select(["id", "tenant_key"])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .$if(fullTenants.length > 0, (query) =>
      query.where(
        (eb) => eb.fn.coalesce("tenant_key", sql.lit(UNNAMED_TENANT)),
        "not in",
        fullTenants.map((tenant) => tenant ?? UNNAMED_TENANT),
      ),
    )
    .where(firstPendingOfItsUrl)
    .orderBy("next_attempt_at")
    .orderBy("created_at")
    .limit(limit);
}

/** Takes a delivery for `leaseMs` if nobody holds it; the winner of a race gets it, the others skip it. */
export async function claimDelivery(db: Kysely<Database>, id: string, now: number, leaseMs: number): Promise<WebhookDeliveryTable | undefined> {
  const claimed = await db
    .updateTable("webhook_deliveries")
    .set({ lease_until: now + leaseMs, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function settleDelivery(
  db: Kysely<Database>,
  id: string,
  outcome: { status: "pending" | "delivered" | "abandoned"; attempts: number; nextAttemptAt: number; error?: string; now: number },
): Promise<void> {
  await db
    .updateTable("webhook_deliveries")
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      next_attempt_at: outcome.nextAttemptAt,
      last_error: outcome.error ?? null,
      lease_until: null,
      updated_at: outcome.now,
    })
    .where("id", "=", id)
    .execute();
}

/** When the next pending delivery that may be posted (the first of its URL) is due, or undefined when none is pending. */
export async function nextPendingAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.min("next_attempt_at").as("next"))
    .where("status", "=", "pending")
    .where(firstPendingOfItsUrl)
    .executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/**
 * Deletes up to `limit` deliveries delivered or given up before `before`; returns how many. A pending
 * one is kept however old. next_attempt_at lets the (status, next_attempt_at) index find them: a
 * delivered one's is when it fell due, before it was settled; a given-up one's is its last backoff
 * later, so it goes that much later.
 */
export async function deleteSettledDeliveries(db: Kysely<Database>, before: number, limit: number): Promise<number> {
  const deleted = await db
    .deleteFrom("webhook_deliveries")
    .where("id", "in", (eb) =>
      eb
        .selectFrom("webhook_deliveries")
        .select("id")
        .where("status", "in", ["delivered", "abandoned"])
        .where("next_attempt_at", "<", before)
        .where("updated_at", "<", before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
