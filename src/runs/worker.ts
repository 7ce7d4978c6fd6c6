/**
 * A worker: ticks the scheduler, claims runs one at a time, keeps the lease alive with a heartbeat
 * while the executor works, and records the outcome — only while it still owns the run. Several
 * workers (in the server or started with `npm run worker`) share one PostgreSQL store.
 */
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Store } from "../store/database.js";
import type { RunTable } from "../store/dataflows.table.js";
import { claimRun, finishRun, renewLease, rescheduleRun } from "../store/runs.repository.js";
import { nextWindowDueAt, scheduleDueRuns } from "./scheduler.js";

/** Woken this long after a window's end: the window is due by then, and a flow due now cannot spin the loop. */
const WAKE_MARGIN_MS = 5;
import { RunLog } from "./run-log.js";

export interface RunOutcome {
  status: "success" | "failed";
  details: unknown;
  /** a failure worth another attempt (cluster, storage or network trouble), not a data problem */
  retryable?: boolean;
}

export interface ExecutionContext {
  workerId: string;
  /** aborted when the lease is lost or the worker stops hard */
  signal: AbortSignal;
}

export type RunExecutor = ((run: RunTable, context: ExecutionContext) => Promise<RunOutcome>) & {
  /** removes what runs interrupted by a crash left behind; the worker calls it when it starts */
  removeLeftovers?: () => Promise<void>;
};

export interface WorkerOptions {
  store: Store;
  executor: RunExecutor;
  logger?: Logger;
  workerId?: string;
  leaseMs?: number;
  pollMs?: number;
  /** attempts of a run whose failures are retryable, before it is left failed (default 3) */
  maxAttempts?: number;
  /** wait before the second attempt; doubled for each one after (default 30 s) */
  retryBackoffMs?: number;
  now?: () => number;
}

export interface WorkerEvents {
  claimed: [run: RunTable];
  finished: [run: RunTable, outcome: RunOutcome, recorded: boolean];
  retrying: [run: RunTable, outcome: RunOutcome, dueAt: number];
  error: [error: unknown];
}

export class Worker extends EventEmitter<WorkerEvents> {
  readonly id: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private readonly maxAttempts: number;
  private running = false;
  private loop?: Promise<void>;
  private cleanup?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly options: WorkerOptions) {
    super();
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // beside the loop: a large lake must not hold up the first run, and a held run's folder is never touched
    this.cleanup = this.options.executor.removeLeftovers?.().catch((error) => {
      this.options.logger?.warn({ err: error }, "leftovers of interrupted runs could not be removed");
    });
    this.loop = this.run();
  }

  /** Finishes the run in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.cleanup;
  }

  /** Asks the worker to look for work now instead of at its next poll. */
  poke(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        await scheduleDueRuns(this.options.store, this.now());
        const run = await claimRun(this.options.store.db, this.options.store.capabilities, this.id, this.now(), this.leaseMs, this.maxAttempts);
        if (run) {
          worked = true;
          await this.execute(run);
        }
      } catch (error) {
        this.options.logger?.error({ err: error }, "worker loop error");
        this.emit("error", error);
      }
      if (!worked && this.running) await this.idle();
    }
  }

  /** Until the next poll, or until the next schedule window ends if that is sooner: a window's run starts when it is due, not up to a poll later. */
  private async idle(): Promise<void> {
    const due = await nextWindowDueAt(this.options.store).catch(() => undefined);
    if (!this.running) return; // stop() came while the store answered
    const wait = due === undefined ? this.pollMs : Math.min(this.pollMs, Math.max(WAKE_MARGIN_MS, due - this.now() + WAKE_MARGIN_MS));
    return new Promise((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async execute(run: RunTable): Promise<void> {
    this.options.logger?.info({ runId: run.id, flowId: run.flow_id, window: Number(run.window_seq), attempt: run.attempts, worker: this.id }, "run claimed");
    const log = new RunLog(this.options.store, run, this.id, this.options.logger);
    await log.info(`attempt ${run.attempts} of ${this.maxAttempts} started by worker ${this.id}`);
    this.emit("claimed", run);
    const lost = new AbortController();
    const heartbeat = setInterval(() => {
      renewLease(this.options.store.db, run.id, this.id, this.now(), this.leaseMs)
        .then((held) => {
          if (!held) lost.abort(new Error("lease lost"));
        })
        .catch((error) => this.options.logger?.warn({ err: error, runId: run.id }, "lease renewal failed"));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    let outcome: RunOutcome;
    try {
      outcome = await this.options.executor(run, { workerId: this.id, signal: lost.signal });
    } catch (error) {
      outcome = { status: "failed", details: { error: (error as Error).message } };
      await log.error(`attempt ${run.attempts} stopped: ${(error as Error).message}`);
    } finally {
      clearInterval(heartbeat);
    }
    if (outcome.status === "failed" && outcome.retryable && run.attempts < this.maxAttempts) {
      const dueAt = this.now() + (this.options.retryBackoffMs ?? 30_000) * 2 ** (run.attempts - 1);
      if (await rescheduleRun(this.options.store.db, run.id, this.id, { details: outcome.details, dueAt, now: this.now() })) {
        this.options.logger?.info({ runId: run.id, attempt: run.attempts, dueAt }, "run will be retried");
        await log.warn(`attempt ${run.attempts} of ${this.maxAttempts} failed${codesOf(outcome)}; attempt ${run.attempts + 1} at ${new Date(dueAt).toISOString()}`);
        this.emit("retrying", run, outcome, dueAt);
      }
      return;
    }
    const recorded = await finishRun(this.options.store.db, run.id, this.id, { ...outcome, now: this.now() });
    if (!recorded) this.options.logger?.warn({ runId: run.id }, "run finished after its lease moved to another worker");
    else {
      this.options.logger?.info({ runId: run.id, status: outcome.status, worker: this.id }, "run finished");
      if (outcome.status === "success") await log.info(`run succeeded on attempt ${run.attempts}`);
      else await log.error(`run failed on attempt ${run.attempts} of ${this.maxAttempts}${codesOf(outcome)}${outcome.retryable ? "" : ", not retried (a data, mapping or configuration problem)"}`);
    }
    this.emit("finished", run, outcome, recorded);
  }
}

/** ` (CODE, CODE)` of the errors an outcome carries, for a log line. */
function codesOf(outcome: RunOutcome): string {
  const errors = (outcome.details as { errors?: Array<{ code?: unknown }> } | null)?.errors;
  const codes = Array.isArray(errors) ? errors.map((e) => e.code).filter((c): c is string => typeof c === "string") : [];
  return codes.length ? ` (${codes.join(", ")})` : "";
}
