/**
 * The webhook outbox's queries: enqueue, claim a due delivery with a lease, record the outcome, delete
 * old settled ones. When a delivery falls due and when its lease ends are written and compared by the
 * database's clock (`clock`, StoreCapabilities.clockMs), never a process's: hosts whose clocks
 * disagree still agree on whose a delivery is and when it may be posted.
 */
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { StoreCapabilities } from "./database.js";
import { clockPlus, type DatabaseClock } from "./database-clock.js";
import type { Database } from "./schema.js";
import { DELIVERY_KEYS_VERSION, type WebhookDeliveryTable, webhookTenantKeyOfBody, webhookUrlKey } from "./webhooks.table.js";

/** A delivery to queue (due when next_attempt_at says, a time or the database's clock); its URL's key is worked out here. */
export type NewDelivery = Omit<WebhookDeliveryTable, "url_key" | "tenant_key" | "keys_version" | "next_attempt_at"> & {
  tenant_key?: string | null;
  next_attempt_at: number | DatabaseClock;
};

export async function enqueueDeliveries(db: Kysely<Database>, rows: readonly NewDelivery[]): Promise<void> {
  if (rows.length > 0) {
    await db
      .insertInto("webhook_deliveries")
      .values(rows.map((row) => ({ ...row, tenant_key: row.tenant_key ?? null, url_key: webhookUrlKey(row.url), keys_version: DELIVERY_KEYS_VERSION })))
      .execute();
  }
}

const KEYING_BATCH = 500;

/**
 * Works out the URL key and, where it has none, the tenant (from the run its body tells of) of up to
 * `limit` pending deliveries whose keys are not this code's: queued by a process on older code
 * during a rolling upgrade, or before the upgrade's migration. Until then such a delivery is not
 * posted (dueDeliveries leaves it out), and then it waits its turn behind its URL's earlier ones
 * like any other. Returns whether it found `limit` of them (more may be left). Read through
 * webhook_deliveries_unkeyed, which holds only these.
 */
export async function keyUnkeyedDeliveries(db: Kysely<Database>, limit = KEYING_BATCH): Promise<boolean> {
  const rows = await unkeyedDeliveries(db, limit).execute();
  const idsByKeys = new Map<string, string[]>();
  for (const row of rows) {
    const keys = JSON.stringify([webhookUrlKey(row.url), row.tenant_key ?? webhookTenantKeyOfBody(row.body)]);
    const ids = idsByKeys.get(keys);
    if (ids) ids.push(row.id);
    else idsByKeys.set(keys, [row.id]);
  }
  for (const [keys, ids] of idsByKeys) {
    const [urlKey, tenantKey] = JSON.parse(keys) as [string, string | null];
    await db
      .updateTable("webhook_deliveries")
      .set({ url_key: urlKey, tenant_key: tenantKey, keys_version: DELIVERY_KEYS_VERSION })
      .where("id", "in", ids)
      .where("keys_version", "is", null)
      .execute();
  }
  return rows.length === limit;
}

/** The query of keyUnkeyedDeliveries, unrun (a test reads its plan). */
export function unkeyedDeliveries(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom("webhook_deliveries")
    .select(["id", "url", "tenant_key", "body"])
    .where("keys_version", "is", null)
    // a literal, as the index's condition has it: a parameter would not let SQLite see the index fits
    .where("status", "=", sql.lit("pending"))
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit);
}

/** tenant_key as compared when leaving tenants out: the deliveries queued without one are one tenant. */
const UNNAMED_TENANT = "";

/** What the search for due deliveries reads of each URL's first pending one. */
const HEAD_COLUMNS = ["id", "url_key", "tenant_key", "next_attempt_at", "created_at", "lease_until", "keys_version"] as const;

/**
 * The first pending delivery of each URL (by its key), the only one of its URL that may be posted:
 * a receiver gets its deliveries one at a time, in enqueue order. Only a pending delivery becomes
 * delivered or abandoned, never the reverse, so a later one never overtakes it. A recursive search
 * steps from one URL's first pending delivery to the next URL's, one entry of
 * webhook_deliveries_pending_by_url each (an index of only the pending ones), so neither the
 * deliveries queued behind each first one nor the settled ones are read: a pass reads one delivery
 * per receiver waiting, whatever their backlogs and however many were delivered before.
 */
function firstPendingOfEachUrl(db: Kysely<Database>) {
  return db
    .withRecursive(`pending_heads(${HEAD_COLUMNS.join(", ")})`, (heads) =>
      heads
        .selectFrom((first) => pendingInUrlOrder(first.selectFrom("webhook_deliveries")).select(HEAD_COLUMNS).limit(1).as("first_head"))
        .selectAll()
        .unionAll((next) =>
          next
            .selectFrom("pending_heads as previous")
            .innerJoin("webhook_deliveries as head", (join) =>
              join.on((eb) =>
                eb(
                  "head.id",
                  "=",
                  pendingInUrlOrder(eb.selectFrom("webhook_deliveries"))
                    .select("webhook_deliveries.id")
                    .whereRef("webhook_deliveries.url_key", ">", "previous.url_key")
                    .limit(1),
                ),
              ),
            )
            .select(HEAD_COLUMNS.map((column) => `head.${column}` as const)),
        ),
    )
    .selectFrom("pending_heads");
}

/** The pending deliveries in webhook_deliveries_pending_by_url's order: by URL key, then as queued. */
function pendingInUrlOrder<Query extends SelectQueryBuilder<Database, "webhook_deliveries", object>>(query: Query): Query {
  return (
    query
      // a literal, as the index's condition has it: a parameter would not let SQLite see the index fits
      .where("webhook_deliveries.status", "=", sql.lit("pending"))
      .where("webhook_deliveries.url_key", "is not", null)
      .orderBy("webhook_deliveries.url_key")
      .orderBy("webhook_deliveries.created_at")
      .orderBy("webhook_deliveries.id") as Query
  );
}

/** Deliveries due now that nobody holds, at most one per URL: the first pending of each. */
export async function dueDeliveryIds(db: Kysely<Database>, clock: DatabaseClock, limit: number): Promise<string[]> {
  const rows = await dueDeliveries(db, clock, limit).execute();
  return rows.map((r) => r.id);
}

/**
 * How many deliveries each tenant has being posted now (leased, by any process), the tenants with
 * none left out; `null` is the deliveries queued without a tenant. Read through webhook_deliveries_leased.
 */
export async function postingByTenant(db: Kysely<Database>, clock: DatabaseClock): Promise<Map<string | null, number>> {
  const rows = await postingByTenantQuery(db, clock).execute();
  return new Map(rows.map((row) => [row.tenant_key, Number(row.posting)]));
}

/** The query of postingByTenant, unrun (a test reads its plan). */
export function postingByTenantQuery(db: Kysely<Database>, clock: DatabaseClock) {
  return db
    .selectFrom("webhook_deliveries")
    .select((eb) => ["tenant_key", eb.fn.countAll<number>().as("posting")])
    // only a pending delivery holds a lease (settling one clears it), so the index need not ask its status
    .where("lease_until", "is not", null)
    .where("lease_until", ">=", clock)
    .groupBy("tenant_key");
}

/** Deliveries due now that nobody holds (as dueDeliveryIds), with their tenants, but none of `fullTenants`'. */
export async function dueDeliveriesOfOtherTenants(
  db: Kysely<Database>,
  clock: DatabaseClock,
  limit: number,
  fullTenants: ReadonlyArray<string | null>,
): Promise<Array<{ id: string; tenant_key: string | null }>> {
  return dueDeliveries(db, clock, limit, fullTenants).execute();
}

/**
 * The query of the two above, unrun (a test reads its plan): the due deliveries and their tenants,
 * leaving out those of `fullTenants` (null: the ones queued without a tenant), which may start no
 * more now.
 */
export function dueDeliveries(db: Kysely<Database>, clock: DatabaseClock, limit: number, fullTenants: ReadonlyArray<string | null> = []) {
  return firstPendingOfEachUrl(db)
    .select(["id", "tenant_key"])
    .where("next_attempt_at", "<=", clock)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", clock)]))
    // queued by older code: keyUnkeyedDeliveries first works out which URL's turn it waits for
    .where("keys_version", "is not", null)
    .$if(fullTenants.length > 0, (query) =>
      query.where(
        (eb) => eb.fn.coalesce("tenant_key", sql.lit(UNNAMED_TENANT)),
        "not in",
        fullTenants.map((tenant) => tenant ?? UNNAMED_TENANT),
      ),
    )
    .orderBy("next_attempt_at")
    .orderBy("created_at")
    .limit(limit);
}

/** At most `most` of the deliveries being posted at once, by every process on the database, may be `tenant`'s. */
export interface TenantShare {
  tenant: string | null;
  most: number;
}

/**
 * Takes a delivery for `leaseMs` (by the database's clock) if nobody holds it and, with `share`, its
 * tenant has fewer than its share being posted; the winner of a race gets it, the others skip it.
 * Where several processes share the database (PostgreSQL: rowLocks), claims of one tenant's
 * deliveries take turns on a lock held until the claim commits, so two processes never both take a
 * tenant's last free slot. The delivery answered holds the lease's end (its token) as stored.
 */
export async function claimDelivery(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  id: string,
  now: number,
  leaseMs: number,
  share?: TenantShare,
): Promise<WebhookDeliveryTable | undefined> {
  const clock = capabilities.clockMs;
  const claim = (trx: Kysely<Database>) =>
    trx
      .updateTable("webhook_deliveries")
      .set({ lease_until: clockPlus(clock, leaseMs), updated_at: now })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", clock)]))
      .$if(share !== undefined, (query) => query.where((eb) => eb(postingOfTenant(eb, share!.tenant, clock), "<", share!.most)))
      .executeTakeFirst();
  const claimed =
    share !== undefined && capabilities.rowLocks
      ? await db.transaction().execute(async (trx) => {
          await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`webhook_deliveries tenant ${share.tenant ?? UNNAMED_TENANT}`}, 0))`.execute(trx);
          return claim(trx);
        })
      : await claim(db);
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
}

/** How many of `tenant`'s deliveries are being posted (leased), through webhook_deliveries_leased. */
function postingOfTenant(eb: ExpressionBuilder<Database, "webhook_deliveries">, tenant: string | null, clock: DatabaseClock) {
  return eb
    .selectFrom("webhook_deliveries as held")
    .select((inner) => inner.fn.countAll<number>().as("posting"))
    .where("held.tenant_key", tenant === null ? "is" : "=", tenant)
    .where("held.lease_until", "is not", null)
    .where("held.lease_until", ">=", clock);
}

/**
 * Moves the lease of a delivery held until `heldUntil` on to `leaseMs` from now by the database's
 * clock; answers its new end, or undefined when it is no longer so held (another process claimed it
 * after it ran out, or it was settled). A lease's end is its holder's token: a claim takes only a
 * lease that has run out, and sets a later end.
 */
export async function renewDeliveryLease(db: Kysely<Database>, clock: DatabaseClock, id: string, heldUntil: number, leaseMs: number): Promise<number | undefined> {
  const renewed = await db
    .updateTable("webhook_deliveries")
    .set({ lease_until: clockPlus(clock, leaseMs) })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("lease_until", "=", heldUntil)
    .returning("lease_until")
    .executeTakeFirst();
  return renewed?.lease_until === null || renewed?.lease_until === undefined ? undefined : Number(renewed.lease_until);
}

/** Stores a delivery's outcome and clears its lease, if its lease still ends at `heldUntil` (renewDeliveryLease); false when another process holds it now. */
export async function settleDelivery(
  db: Kysely<Database>,
  id: string,
  heldUntil: number,
  outcome: { status: "pending" | "delivered" | "abandoned"; attempts: number; nextAttemptAt: number | DatabaseClock; error?: string; now: number },
): Promise<boolean> {
  const settled = await db
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
    .where("lease_until", "=", heldUntil)
    .executeTakeFirst();
  return Number(settled.numUpdatedRows) === 1;
}

/** How long until the next pending delivery that may be posted (the first of its URL) is due by the database's clock (0 or less: due), or undefined when none is pending. */
export async function nextPendingIn(db: Kysely<Database>, clock: DatabaseClock): Promise<number | undefined> {
  const row = await firstPendingOfEachUrl(db)
    .select(sql<number | null>`min(next_attempt_at) - ${clock}`.as("next"))
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
