/**
 * A process's clock aligned with the database's (StoreCapabilities.clockMs): when a window, a claim,
 * a retry or a delayed-run notice is due is decided by it, so workers on hosts whose clocks disagree
 * agree on it without a query more per decision. Its offset from this host's clock is read at start
 * (the database's time against the middle of the round trip that read it) and again every few
 * minutes, so a host clock stepped or drifting since is followed within that.
 */
import type { Logger } from "pino";
import type { Store } from "./database.js";
import { databaseNow } from "./database-clock.js";

/** How often the offset is read again. */
export const CLOCK_REALIGN_MS = 5 * 60_000;
/** An offset this large is worth a line in the service log: the host's clock is that far from the database's. */
const NOTABLE_OFFSET_MS = 1_000;

export class AlignedClock {
  private offsetMs = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    /** this host's clock (tests give one that runs ahead or behind) */
    private readonly hostNow: () => number = Date.now,
    private readonly logger?: Logger,
  ) {}

  /** The database's time now, epoch milliseconds, by this host's clock and the offset last read. */
  readonly now = (): number => this.hostNow() + this.offsetMs;

  /** Reads the offset, then again every `realignMs` (the timer keeps no process alive) until stop(). */
  async start(realignMs = CLOCK_REALIGN_MS): Promise<void> {
    this.stop();
    this.timer = setInterval(() => {
      this.align().catch((error) => this.logger?.warn({ err: error }, "the clock could not be aligned with the database's again: the last offset stays"));
    }, realignMs);
    this.timer.unref();
    await this.align();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The database's time less half the round trip that read it, against this host's clock. */
  private async align(): Promise<void> {
    const sent = this.hostNow();
    const database = await databaseNow(this.store.db, this.store.capabilities.clockMs);
    const received = this.hostNow();
    // whole milliseconds: times are stored as epoch milliseconds
    const offset = Math.round(database - (sent + received) / 2);
    if (Math.abs(offset) >= NOTABLE_OFFSET_MS && Math.abs(offset - this.offsetMs) >= NOTABLE_OFFSET_MS) {
      this.logger?.info({ offsetMs: offset }, "the database's clock is offsetMs ahead of this host's (behind when negative): what is due follows the database's");
    }
    this.offsetMs = offset;
  }
}
