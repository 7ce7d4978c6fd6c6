/**
 * Run notifications go through an outbox in the store: `enqueue` writes one delivery per webhook
 * and returns at once (a run never waits for a receiver), a delivery loop posts what is due, up to
 * `concurrency` at a time so that one slow receiver holds up no other, and retries with
 * exponential backoff (5xx, 429, 3xx, network errors; another 4xx is final). At most
 * `tenantConcurrency` of the deliveries being posted are one tenant's (an IMS org's sandbox), so
 * that one tenant's slow receivers hold up no other tenant's notifications: counted from the
 * deliveries leased in the store, that share holds across every process on one database. A URL's
 * deliveries go one at a time in enqueue order: the next waits until the one before is delivered
 * or given up; "a URL" is as its receiver gets it (sameWebhookUrl: https://Example.com/a is
 * https://example.com/a), as a flow's check for a repeated webhook has it. Deliveries queued by a
 * process still on older code (a rolling upgrade) get their keys from the loop before any is
 * posted, and so keep that order too. A redirect is never followed: the signed payload would go to
 * wherever the Location points. Outside
 * what the policy lets through, a webhook's host name is resolved by publicOnlyLookup when posting,
 * so a delivery never reaches the service's own network: one whose name resolves to an internal
 * address is given up unsent. Deliveries survive a restart, and with several processes on one
 * PostgreSQL a lease lets one of them post each delivery: a short one (`leaseMs`), renewed while the
 * POST is under way (DeliveryLease), so a process that dies gives its deliveries and its tenants'
 * slots back within seconds; timed by the database's clock, so the hosts' clocks need not agree.
 * Signing secrets are not copied into the outbox: they are looked up when posting. Deliveries delivered or given up are deleted once
 * `retentionMs` old, by the loop every few minutes; pending ones are kept.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Store } from "../store/database.js";
import { clockPlus } from "../store/database-clock.js";
import {
  claimDelivery,
  deleteSettledDeliveries,
  dueDeliveriesOfOtherTenants,
  enqueueDeliveries,
  keyUnkeyedDeliveries,
  type NewDelivery,
  nextPendingIn,
  postingByTenant,
  settleDelivery,
} from "../store/webhooks.repository.js";
import { type WebhookDeliveryTable, webhookTenantKey } from "../store/webhooks.table.js";
import { SIGNATURE_HEADER, signPayload } from "./signature.js";
import { DeliveryLease } from "./delivery-lease.js";
import { DEFAULT_WEBHOOK_LEASE_MS } from "./lease-length.js";
import { internalAddressRefusal, webhookLookupGuarded, webhookUrlRefusal, type WebhookPolicy } from "../security/allowed-hosts.js";
import { InternalAddressRefused, publicOnlyLookup } from "../security/public-only-lookup.js";
import { post, type PostAnswer } from "./http-post.js";

export type RunEventType = "sources_flow_run_success" | "sources_flow_run_failure" | "sources_flow_run_delayed";

export interface WebhookTarget {
  url: string;
  /** where its signing secret can be found when posting (unsigned without one) */
  secretRef?: string;
}

export interface WebhookOutboxOptions {
  store: Store;
  /** the signing secret of a target, looked up when posting */
  secretOf: (secretRef: string, url: string) => Promise<string | undefined>;
  /** where deliveries may go; a delivery to another URL (stored before the rule tightened) is given up unsent */
  policy?: WebhookPolicy;
  attempts?: number;
  initialBackoffMs?: number;
  timeoutMs?: number;
  /** deliveries posted at once, each to a different URL (WEBHOOK_CONCURRENCY) */
  concurrency?: number;
  /** how many deliveries one tenant may have being posted at once, by every process on the database (WEBHOOK_TENANT_CONCURRENCY) */
  tenantConcurrency?: number;
  pollMs?: number;
  /**
   * how long a claim holds a delivery unrenewed, by the database's clock (WEBHOOK_LEASE_MS): renewed
   * every third of it while posting, so a process that dies frees its deliveries (and its tenant's
   * slots) this long after
   */
  leaseMs?: number;
  /** how long a delivery delivered or given up is kept (WEBHOOK_RETENTION_DAYS) */
  retentionMs?: number;
  logger?: Logger;
  /** this process's clock: when a delivery was queued and settled (its order, its retention) and a signature's time; when one is due and leased is the database's */
  now?: () => number;
}

const PURGE_EVERY_MS = 5 * 60_000;
const PURGE_BATCH = 1_000;

export class WebhookOutbox {
  private readonly attempts: number;
  private readonly initialBackoffMs: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly tenantConcurrency: number;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  /** the deliveries being posted, each until its outcome is stored */
  private readonly posting = new Set<Promise<void>>();
  /** the one search for due deliveries under way, and whether another was asked for meanwhile */
  private filling?: Promise<void>;
  private again = false;
  private stopped = false;
  /** cuts off the POSTs still under way when a stop has waited long enough */
  private halt = new AbortController();
  private lastCreatedAt = 0;
  private readonly retentionMs: number;
  /** the deletion of old settled deliveries under way, and when the next may start */
  private purging?: Promise<void>;
  private nextPurgeAt = 0;

  constructor(private readonly options: WebhookOutboxOptions) {
    this.attempts = options.attempts ?? 6;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = options.concurrency ?? 8;
    this.tenantConcurrency = options.tenantConcurrency ?? 2;
    this.leaseMs = options.leaseMs ?? DEFAULT_WEBHOOK_LEASE_MS;
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  }

  /**
   * Writes one delivery per target, each `tenant`'s (whose flow's run it tells of); returns the
   * event id (the same for each, so receivers can deduplicate).
   */
  async enqueue(targets: readonly WebhookTarget[], type: RunEventType, event: unknown, tenant?: CallerSandbox): Promise<string> {
    const eventId = randomUUID();
    const body = JSON.stringify({ event_id: eventId, type, event });
    const now = this.now();
    // a URL's deliveries are posted in created_at order: two events in one millisecond keep the order they came in
    const createdAt = (this.lastCreatedAt = Math.max(now, this.lastCreatedAt + 1));
    const tenantKey = tenant ? webhookTenantKey(tenant.imsOrgId, tenant.sandboxName) : null;
    const rows: NewDelivery[] = targets.map((target) => ({
      id: randomUUID(),
      event_id: eventId,
      type,
      url: target.url,
      tenant_key: tenantKey,
      secret_ref: target.secretRef ?? null,
      body,
      status: "pending",
      attempts: 0,
      next_attempt_at: this.options.store.capabilities.clockMs,
      lease_until: null,
      last_error: null,
      created_at: createdAt,
      updated_at: now,
    }));
    await enqueueDeliveries(this.options.store.db, rows);
    this.kick();
    return eventId;
  }

  /** Posts due deliveries, checking every `pollMs`, until stopped. */
  start(): void {
    this.stopped = false;
    if (this.halt.signal.aborted) this.halt = new AbortController();
    const pollMs = this.options.pollMs ?? 1_000;
    this.timer = setInterval(() => {
      this.kick();
      this.purgeIfDue();
    }, pollMs);
    this.timer.unref();
    this.kick();
    this.purgeIfDue();
  }

  /**
   * Starts no more deliveries and waits for those under way, at most `timeoutMs` (a shutdown must not
   * wait through a slow receiver); those still posting then are cut off and stored pending, due at
   * once for the next process to start, without using up one of their attempts (the receiver did
   * not fail them).
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = true;
    const settled = (async () => {
      await this.filling;
      await Promise.all(this.posting);
      await this.purging;
    })();
    let deadline: NodeJS.Timeout | undefined;
    const waited = await Promise.race([settled.then(() => true), new Promise<false>((resolve) => (deadline = setTimeout(resolve, timeoutMs, false)))]);
    clearTimeout(deadline);
    if (waited) return;
    this.halt.abort(new Error("cut off: the service is stopping"));
    await settled;
  }

  /** Waits until every delivery is delivered or given up, retries included. */
  async drain(): Promise<void> {
    for (;;) {
      await this.deliverDue();
      const next = await nextPendingIn(this.options.store.db, this.options.store.capabilities.clockMs);
      if (next === undefined || this.stopped) return;
      // a delivery due already is another process's to post: look again shortly rather than spin
      await new Promise((resolve) => setTimeout(resolve, Math.max(20, next)));
    }
  }

  /** Posts what is due, `concurrency` at a time, and what falls due as those end; resolves when none is left posting. */
  async deliverDue(): Promise<void> {
    this.kick();
    while (this.filling || this.posting.size > 0) await Promise.race([...this.posting, ...(this.filling ? [this.filling] : [])]);
  }

  /** Fills free slots with due deliveries; one search at a time, another asked for meanwhile runs after it. */
  private kick(): void {
    if (this.stopped) return;
    if (this.filling) {
      this.again = true;
      return;
    }
    this.filling = this.startDue()
      .catch((error) => this.options.logger?.warn({ err: error }, "webhook delivery pass failed"))
      .finally(() => {
        this.filling = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Deletes, a batch at a time, the deliveries settled longer than the retention ago; at most once every PURGE_EVERY_MS. */
  private purgeIfDue(): void {
    const now = this.now();
    if (this.stopped || this.purging || now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + PURGE_EVERY_MS;
    this.purging = (async () => {
      for (;;) {
        const deleted = await deleteSettledDeliveries(this.options.store.db, now - this.retentionMs, PURGE_BATCH);
        if (deleted < PURGE_BATCH || this.stopped) return;
      }
    })()
      .catch((error) => this.options.logger?.warn({ err: error }, "deleting old webhook deliveries failed"))
      .finally(() => (this.purging = undefined));
  }

  private async startDue(): Promise<void> {
    const { db, capabilities } = this.options.store;
    // deliveries queued by a process still on older code get their URL's and tenant's keys before any is posted
    while (await keyUnkeyedDeliveries(db)) if (this.stopped) return;
    for (;;) {
      const free = this.concurrency - this.posting.size;
      if (free <= 0 || this.stopped) return;
      // what each tenant has being posted by every process on the database, this one's included
      const postingOf = await postingByTenant(db, capabilities.clockMs);
      const fullTenants = [...postingOf].filter(([, count]) => count >= this.tenantConcurrency).map(([tenant]) => tenant);
      const due = await dueDeliveriesOfOtherTenants(db, capabilities.clockMs, free, fullTenants);
      let started = 0;
      for (const { id, tenant_key: tenant } of due) {
        if (this.stopped) return;
        // one tenant's deliveries found together fill only its share; the next search passes over them
        if ((postingOf.get(tenant) ?? 0) >= this.tenantConcurrency) continue;
        const claimedAt = performance.now();
        const delivery = await claimDelivery(db, capabilities, id, this.now(), this.leaseMs, { tenant, most: this.tenantConcurrency });
        if (!delivery) continue;
        postingOf.set(tenant, (postingOf.get(tenant) ?? 0) + 1);
        const posting: Promise<void> = this.post(delivery, claimedAt)
          .catch((error) => this.options.logger?.warn({ err: error, eventId: delivery.event_id }, "webhook delivery outcome not stored"))
          .finally(() => {
            this.posting.delete(posting);
            this.kick(); // a slot is free, and the next delivery to this URL may now go
          });
        this.posting.add(posting);
        started++;
      }
      if (started === 0) return;
    }
  }

  /** Posts a delivery claimed at `claimedAt` (performance.now()), and stores the outcome. */
  private async post(delivery: WebhookDeliveryTable, claimedAt: number): Promise<void> {
    const attempt = delivery.attempts + 1;
    const lease = new DeliveryLease({
      db: this.options.store.db,
      clock: this.options.store.capabilities.clockMs,
      id: delivery.id,
      until: Number(delivery.lease_until),
      claimedAt,
      leaseMs: this.leaseMs,
      logger: this.options.logger,
    });
    let failure: Awaited<ReturnType<WebhookOutbox["send"]>>;
    try {
      const refusal = this.options.policy && webhookUrlRefusal(delivery.url, this.options.policy);
      failure = refusal ? { retry: false, error: `not sent: ${refusal}` } : await this.send(delivery, attempt, lease.signal);
    } finally {
      delivery.lease_until = await lease.end();
    }
    if (!failure) {
      await this.settle(delivery, { status: "delivered", attempts: attempt, nextAttemptAt: delivery.next_attempt_at, now: this.now() });
      return;
    }
    const { retry, error } = failure;
    if ("cutOff" in failure) {
      // our own stop or a lost lease, not the receiver, ended it: no attempt used up, and due again at once
      this.options.logger?.info({ eventId: delivery.event_id, type: delivery.type, attempt, error }, "webhook delivery cut off, to be posted again");
      await this.settle(delivery, { status: "pending", attempts: delivery.attempts, nextAttemptAt: delivery.next_attempt_at, error, now: this.now() });
      return;
    }
    const giveUp = !retry || attempt >= this.attempts;
    this.options.logger?.warn({ eventId: delivery.event_id, type: delivery.type, attempt, error, giveUp }, "webhook delivery failed");
    await this.settle(delivery, {
      status: giveUp ? "abandoned" : "pending",
      attempts: attempt,
      nextAttemptAt: clockPlus(this.options.store.capabilities.clockMs, this.initialBackoffMs * 2 ** (attempt - 1)),
      error,
      now: this.now(),
    });
  }

  /** Stores the outcome under the delivery's lease; another process that claimed it since (its lease ran out) has it now, and posts it again. */
  private async settle(delivery: WebhookDeliveryTable, outcome: Parameters<typeof settleDelivery>[3]): Promise<void> {
    if (await settleDelivery(this.options.store.db, delivery.id, Number(delivery.lease_until), outcome)) return;
    this.options.logger?.warn({ eventId: delivery.event_id, type: delivery.type, status: outcome.status }, "webhook delivery outcome not stored: its lease ran out and another process claimed it");
  }

  /** One POST: undefined when the receiver took it, else why not and whether to try again (or that a stop or a lost lease cut it off). */
  private async send(delivery: WebhookDeliveryTable, attempt: number, leaseLost: AbortSignal): Promise<{ retry: boolean; error: string; cutOff?: true } | undefined> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-databricks-source-event": delivery.type,
      "x-databricks-source-event-id": delivery.event_id,
      "x-databricks-source-delivery-attempt": String(attempt),
    };
    try {
      const secret = delivery.secret_ref ? await this.options.secretOf(delivery.secret_ref, delivery.url) : undefined;
      if (secret) headers[SIGNATURE_HEADER] = signPayload(secret, delivery.body, Math.floor(this.now() / 1000));
      const url = new URL(delivery.url);
      const lookup = this.options.policy && webhookLookupGuarded(url, this.options.policy) ? publicOnlyLookup() : undefined;
      const answer = await post(url, { headers, body: delivery.body, timeoutMs: this.timeoutMs, lookup, signal: AbortSignal.any([this.halt.signal, leaseLost]) });
      if (answer.status >= 200 && answer.status < 300) return undefined;
      if (answer.status >= 300 && answer.status < 400) {
        return { retry: true, error: `HTTP ${answer.status}, a redirect to ${locationHost(answer, delivery.url)}: not followed` };
      }
      return { retry: answer.status >= 500 || answer.status === 429, error: `HTTP ${answer.status}` };
    } catch (failure) {
      if (failure instanceof InternalAddressRefused) return { retry: false, error: `not sent: ${internalAddressRefusal(failure.message)}` };
      if (this.halt.signal.aborted || leaseLost.aborted) return { retry: true, error: (failure as Error).message, cutOff: true };
      return { retry: true, error: (failure as Error).message };
    }
  }
}

function locationHost(answer: PostAnswer, requested: string): string {
  const location = answer.location;
  try {
    return location ? new URL(location, requested).host : "(no Location)";
  } catch {
    return "(an unreadable Location)";
  }
}
