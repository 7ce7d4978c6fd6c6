/**
 * The lease on a delivery being posted, kept by a heartbeat: renewed every third of its length while
 * the POST is under way, so a process that dies gives its deliveries, and its tenant's slots, back
 * within one short lease, while one that lives keeps them however long its receiver takes. The
 * POST is cut off (`signal`) once another process has claimed the delivery, and before the lease
 * could run out unrenewed (the store not answering): two processes never post one delivery at once.
 * The lease's end is the database's time; this process times its deadline by its own monotonic
 * clock from when it sent the claim or renewal, which the database's lease can only have started
 * after: the hosts' clocks may disagree by any amount.
 */
import { performance } from "node:perf_hooks";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../store/schema.js";
import type { DatabaseClock } from "../store/database-clock.js";
import { renewDeliveryLease } from "../store/webhooks.repository.js";

export interface DeliveryLeaseOptions {
  db: Kysely<Database>;
  clock: DatabaseClock;
  id: string;
  /** where the claim's lease ends, as stored (the database's time) */
  until: number;
  /** when (performance.now()) the claim was sent: its lease runs at least `leaseMs` from then */
  claimedAt: number;
  leaseMs: number;
  logger?: Logger;
}

export class DeliveryLease {
  /** where the lease ends as stored: the token that renewing and settling the delivery are fenced by */
  private until: number;
  /** when (performance.now()) the claim or renewal that set `until` was sent */
  private since: number;
  private readonly lost = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;
  private deadline?: NodeJS.Timeout;
  private renewing?: Promise<void>;

  constructor(private readonly options: DeliveryLeaseOptions) {
    this.until = options.until;
    this.since = options.claimedAt;
    this.heartbeat = setInterval(() => this.renew(), Math.max(10, Math.floor(options.leaseMs / 3)));
    this.armDeadline();
  }

  /** Aborted once the lease is lost, or about to run out unrenewed. */
  get signal(): AbortSignal {
    return this.lost.signal;
  }

  /** Stops renewing (waiting for a renewal under way); where the lease ends, to settle the delivery under. */
  async end(): Promise<number> {
    clearInterval(this.heartbeat);
    clearTimeout(this.deadline);
    await this.renewing;
    return this.until;
  }

  /** Cut off the POST a sixth of a lease before an unrenewed lease runs out: by then another process may not yet claim it. */
  private armDeadline(): void {
    clearTimeout(this.deadline);
    const { leaseMs } = this.options;
    this.deadline = setTimeout(() => this.lose("its lease was not renewed in time"), Math.max(0, this.since + leaseMs - leaseMs / 6 - performance.now()));
  }

  private renew(): void {
    if (this.renewing || this.lost.signal.aborted) return;
    const { db, clock, id, leaseMs, logger } = this.options;
    const sentAt = performance.now();
    this.renewing = renewDeliveryLease(db, clock, id, this.until, leaseMs)
      .then((until) => {
        if (until === undefined) return this.lose("another process claimed it");
        // stored, though the POST may have been cut off meanwhile: the outcome is settled under it
        this.until = until;
        this.since = sentAt;
        if (!this.lost.signal.aborted) this.armDeadline();
      })
      .catch((error) => logger?.warn({ err: error, deliveryId: id }, "webhook delivery lease renewal failed"))
      .finally(() => (this.renewing = undefined));
  }

  private lose(why: string): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.deadline);
    this.lost.abort(new Error(`cut off: ${why}`));
  }
}
