/**
 * A worker: ticks the scheduler, claims runs one at a time, keeps the lease alive with a heartbeat
 * while the executor works, and records the outcome — only while it still owns the run. Several
 * workers (in the server or started with `npm run worker`) share one PostgreSQL store.
 *
 * A worker draining a queue ticks once a poll interval, not before every claim, and whenever the
 * queue looks empty: a window due meanwhile becomes a run no later than the worker would reach it
 * (runs are claimed in the order they are due). The attempt's first and last log lines are written
 * by the claim and the finish themselves, so a trivial run is two statements.
 */
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import type { Store } from "../store/database.js";
import { processExists } from "../util/process-exists.js";
import type { RunTable } from "../store/dataflows.table.js";
import {
  abandonedLastAttempts,
  claimRun,
  endLease,
  failAbandonedRun,
  findRunById,
  finishRun,
  leasesHeldOnHost,
  lostAttempts,
  releaseRun,
  renewLease,
  requeueLostRun,
  rescheduleRun,
  runHeldBy,
} from "../store/runs.repository.js";
import { RunErrors } from "../aep-conventions/errors/catalogue.js";
import { parseDetails } from "./run-details.js";
import { nextWindowDueAt, scheduleDueRuns } from "./scheduler.js";
import { lineWithChange, RunLog } from "./run-log.js";
import { AlignedClock } from "../store/aligned-clock.js";

/** Woken this long after a window's end: the window is due by then, and a flow due now cannot spin the loop. */
const WAKE_MARGIN_MS = 5;

/** How long a stopping worker waits for its start's removal of leftovers before leaving it. */
export const CLEANUP_WAIT_ON_STOP_MS = 2_000;

export interface RunOutcome {
  status: "success" | "failed";
  details: unknown;
  /** a failure worth another attempt (cluster, storage or network trouble), not a data problem */
  retryable?: boolean;
}

export interface ExecutionContext {
  workerId: string;
  /** aborted when the lease is lost or the worker stops (its process shuts down): the attempt's outcome is no longer recorded */
  signal: AbortSignal;
  /** aborted when the lease is lost only (the run cancelled, or taken over): what the attempt started on the workspace is stopped */
  leaseLost?: AbortSignal;
  /** the worker's clock, aligned with the database's: every time the attempt records (log lines, phase, copy, batch) is by it, as the run's own times are */
  now: () => number;
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
  /**
   * This host's clock (default Date.now), which the worker aligns with the database's
   * (src/store/aligned-clock.ts) unless given `alignedNow`: the aligned clock decides when windows
   * and retries fall due, and gives the times a run records; a run's lease is the database's own
   * (runs.repository.ts).
   */
  now?: () => number;
  /** the process's clock, already aligned with the database's and shared with its run service (src/service.ts): the worker aligns none of its own */
  alignedNow?: () => number;
  /**
   * Every worker of the store runs on this host (the embedded default's SQLite in DATA_DIR): a lease
   * held by a process of this host that is gone ends at once rather than when it runs out, so a run
   * a killed `npm start` held resumes as soon as the service is back. Never where workers may run in
   * other PID namespaces under the same host name (containers sharing PostgreSQL).
   */
  workersOnThisHostOnly?: boolean;
}

export interface WorkerEvents {
  claimed: [run: RunTable];
  finished: [run: RunTable, outcome: RunOutcome, recorded: boolean];
  retrying: [run: RunTable, outcome: RunOutcome, dueAt: number];
  /** the worker stopped mid-run: the run went back to the queue, due at once (`released`: the lease was still this worker's) */
  interrupted: [run: RunTable, released: boolean];
  error: [error: unknown];
}

export class Worker extends EventEmitter<WorkerEvents> {
  readonly id: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  /** the worker's own aligned clock, when the process gave it none */
  private readonly ownClock?: AlignedClock;
  private readonly maxAttempts: number;
  private running = false;
  private loop?: Promise<void>;
  private cleanup?: Promise<void>;
  private wake?: () => void;
  /** aborts the attempt in hand when the worker stops */
  private interrupt?: AbortController;
  /** the run in hand, and what tells its attempt that the run is no longer its (lost lease, cancel) */
  private inHand?: { runId: string; lost: AbortController };
  /** when the scheduler is ticked next without the queue looking empty (epoch ms; 0: at once) */
  private nextTickAt = 0;

  constructor(private readonly options: WorkerOptions) {
    super();
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.ownClock = options.alignedNow ? undefined : new AlignedClock(options.store, options.now, options.logger);
    this.now = options.alignedNow ?? this.ownClock!.now;
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

  /**
   * Stops: the attempt in hand is interrupted at once (its executor told through its signal) and its
   * run given back to the queue, due now and its attempt not counted, for another worker to resume.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.interrupt?.abort(new Error("the worker is stopping"));
    await this.loop;
    this.ownClock?.stop();
    // the removal is safe to cut short (the next worker's start goes on with it), and a large lake
    // must not hold a stopping process past its shutdown grace
    const cutShort = await Promise.race([this.cleanup?.then(() => false), delay(CLEANUP_WAIT_ON_STOP_MS, true, { ref: false })]);
    if (cutShort) this.options.logger?.info("the removal of leftovers of interrupted runs was cut short by the worker stopping");
  }

  /**
   * A run cancelled through this process's API: when it is the run in hand, its attempt stops now instead of at its next check
   * of its lease (within a poll interval, as a worker in another process finds the lease taken back).
   */
  cancelled(runId: string): void {
    if (this.inHand?.runId === runId) this.inHand.lost.abort(new Error("run cancelled"));
  }

  /** Asks the worker to look for work now instead of at its next poll. */
  poke(): void {
    this.nextTickAt = 0;
    this.wake?.();
  }

  private async run(): Promise<void> {
    // before the first tick: a window is due by the database's time, not by this host's
    await this.ownClock?.start().catch((error) => {
      this.options.logger?.warn({ err: error }, "the clock could not be aligned with the database's: this host's clock decides what is due until it is");
    });
    while (this.running) {
      let worked = false;
      try {
        const ticked = this.now() >= this.nextTickAt;
        if (ticked) await this.tick();
        let run = await this.claim();
        if (!run && !ticked) {
          // the queue looks empty: windows due since the last tick may not be runs yet
          await this.tick();
          run = await this.claim();
        }
        if (run) {
          worked = true;
          await this.execute(run);
        }
        // the queue looks empty: a moment to end runs whose last attempt lost its worker
        if (!worked) await this.failAbandoned();
      } catch (error) {
        this.options.logger?.error({ err: error }, "worker loop error");
        // an "error" emitted with no listener throws: the loop, and with it the process, would end on a store's blip
        if (this.listenerCount("error") > 0) this.emit("error", error);
      }
      if (!worked && this.running) await this.idle();
    }
  }

  /** Turns the windows due by now into runs, and gives back to the queue the runs whose worker was lost. */
  private async tick(): Promise<void> {
    this.nextTickAt = this.now() + this.pollMs;
    await scheduleDueRuns(this.options.store, this.now());
    await this.requeueLost();
  }

  /**
   * Runs whose attempt lost its worker (killed, or stalled past its lease) with attempts left go
   * back to the queue, due now, the lost attempt counted: the log records that attempt's outcome
   * before the next one starts, and the run shows why its last attempt ended while it waits.
   */
  private async requeueLost(): Promise<void> {
    const { store } = this.options;
    if (this.options.workersOnThisHostOnly) await this.endLeasesOfGoneProcesses();
    const now = this.now();
    for (const run of await lostAttempts(store.db, store.capabilities.clockMs, this.maxAttempts)) {
      const limit = run.max_attempts ?? this.maxAttempts;
      const lost = `lost its worker at ${new Date(Number(run.lease_expires_at)).toISOString()} (its lease ran out: the worker process died or stalled)`;
      const failure = RunErrors.unexpected(`attempt ${run.attempts} of ${limit} ${lost}; attempt ${run.attempts + 1} resumes the run`);
      const details = { ...(parseDetails(run) as object), errors: [failure.toRunError()] };
      const line = lineWithChange(store, "warn", (attempt) => `attempt ${attempt} of ${limit} ${lost}; attempt ${run.attempts + 1} resumes the run`, now);
      if (await requeueLostRun(store.db, store.capabilities.clockMs, run, details, now, line)) {
        this.options.logger?.warn(runFields(run), "run back in the queue: its attempt lost its worker");
      }
    }
  }

  /** Leases held by processes of this host that are gone (killed): ended now, for requeueLost to give their runs back. */
  private async endLeasesOfGoneProcesses(): Promise<void> {
    const { store } = this.options;
    for (const run of await leasesHeldOnHost(store.db, hostname())) {
      const owner = run.lease_owner;
      const pid = Number(owner?.split(":")[1]);
      if (!owner || !Number.isInteger(pid) || pid === process.pid || processExists(pid)) continue;
      if (await endLease(store.db, store.capabilities.clockMs, run.id, owner)) this.options.logger?.warn({ ...runFields(run), owner }, "the process holding a run's lease is gone: its lease ends now");
    }
  }

  private claim(): Promise<RunTable | undefined> {
    const { store } = this.options;
    const now = this.now();
    const opening = lineWithChange(store, "info", (attempt) => `attempt ${attempt} of ${this.maxAttempts} started by worker ${this.id}`, now);
    return claimRun(store.db, store.capabilities, this.id, now, this.leaseMs, this.maxAttempts, opening);
  }

  /** Until the next poll, or until the next schedule window ends if that is sooner: a window's run starts when it is due, not up to a poll later. */
  private async idle(): Promise<void> {
    const due = await nextWindowDueAt(this.options.store).catch(() => undefined);
    if (!this.running) return; // stop() came while the store answered
    const wait = due === undefined ? this.pollMs : Math.min(this.pollMs, Math.max(WAKE_MARGIN_MS, due - this.now() + WAKE_MARGIN_MS));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.nextTickAt = 0; // woken for a window that is due, a poll or a poke: tick before the claim
  }

  private async execute(run: RunTable): Promise<void> {
    this.options.logger?.info({ ...runFields(run), worker: this.id }, "run claimed");
    const log = new RunLog(this.options.store, run, this.id, this.now, this.options.logger);
    this.emit("claimed", run);
    const lost = new AbortController();
    this.inHand = { runId: run.id, lost };
    const interrupt = (this.interrupt = new AbortController());
    const heartbeat = setInterval(() => {
      renewLease(this.options.store.db, this.options.store.capabilities.clockMs, run.id, this.id, this.now(), this.leaseMs)
        .then((held) => {
          if (!held) lost.abort(new Error("lease lost"));
        })
        .catch((error) => this.options.logger?.warn({ err: error, runId: run.id }, "lease renewal failed"));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    // a cancel through another process's API takes the lease back: seen within a poll, not at the next renewal (a read, no write)
    const heldCheck = setInterval(() => {
      runHeldBy(this.options.store.db, run.id, this.id)
        .then((held) => {
          if (!held) lost.abort(new Error("run cancelled or taken over"));
        })
        .catch(() => undefined); // the renewal reports a store in trouble
    }, this.pollMs);
    let outcome: RunOutcome | "interrupted";
    try {
      const attempt = this.options.executor(run, { workerId: this.id, signal: AbortSignal.any([lost.signal, interrupt.signal]), leaseLost: lost.signal, now: this.now });
      // a stop does not wait for the attempt: its executor stops at its next step, its outcome unrecorded
      attempt.catch(() => undefined);
      outcome = await Promise.race([attempt, whenAborted(interrupt.signal)]);
    } catch (error) {
      outcome = { status: "failed", details: { error: (error as Error).message } };
      await log.error(`attempt ${run.attempts} stopped: ${(error as Error).message}`);
    } finally {
      clearInterval(heartbeat);
      clearInterval(heldCheck);
      this.interrupt = undefined;
      this.inHand = undefined;
    }
    if (outcome === "interrupted") return this.giveBack(run, log);
    if (outcome.status === "failed" && outcome.retryable && run.attempts < this.maxAttempts) {
      const dueAt = this.now() + (this.options.retryBackoffMs ?? 30_000) * 2 ** (run.attempts - 1);
      const line = log.withChange("warn", () => `attempt ${run.attempts} of ${this.maxAttempts} failed${codesOf(outcome)}; attempt ${run.attempts + 1} at ${new Date(dueAt).toISOString()}`);
      if (await rescheduleRun(this.options.store.db, run.id, this.id, { details: outcome.details, dueAt, now: this.now() }, line)) {
        this.options.logger?.info({ ...runFields(run), dueAt, codes: codesIn(outcome) }, "run will be retried");
        this.emit("retrying", run, outcome, dueAt);
      }
      return;
    }
    const line =
      outcome.status === "success"
        ? log.withChange("info", () => `run succeeded on attempt ${run.attempts}`)
        : log.withChange("error", () => `run failed on attempt ${run.attempts} of ${this.maxAttempts}${codesOf(outcome)}${outcome.retryable ? "" : ", not retried (a data, mapping or configuration problem)"}`);
    const recorded = await finishRun(this.options.store.db, run.id, this.id, { ...outcome, now: this.now() }, line);
    if (!recorded) this.options.logger?.warn(runFields(run), "run finished after its lease moved to another worker");
    else this.options.logger?.info({ ...runFields(run), status: outcome.status, codes: codesIn(outcome), worker: this.id }, "run finished");
    this.emit("finished", run, outcome, recorded);
  }

  /**
   * Runs whose last attempt lost its worker (killed, or stalled past its lease) fail instead of
   * being claimed for an attempt beyond the limit: a window that brings down every worker that
   * takes it stops at RUN_MAX_ATTEMPTS, and a re-trigger gives it its attempts again.
   */
  private async failAbandoned(): Promise<void> {
    const { store } = this.options;
    for (const run of await abandonedLastAttempts(store.db, store.capabilities.clockMs, this.maxAttempts)) {
      const now = this.now();
      const limit = run.max_attempts ?? this.maxAttempts;
      const failure = RunErrors.unexpected(`attempt ${run.attempts} of ${limit} lost its worker (its lease ran out: the worker process died or stalled); re-trigger the run to try again`);
      const details = { ...(parseDetails(run) as object), errors: [failure.toRunError()] };
      const outcome: RunOutcome = { status: "failed", details };
      const line = lineWithChange(store, "error", (attempt) => `run failed on attempt ${attempt} of ${limit} (${failure.code}): its worker was lost, no attempt is left`, now);
      if (!(await failAbandonedRun(store.db, store.capabilities.clockMs, run, details, now, line))) continue;
      this.options.logger?.warn(runFields(run), "run failed: its last attempt lost its worker");
      const row = await findRunById(store.db, run.id);
      if (row) this.emit("finished", row, outcome, true);
    }
  }

  /** The run in hand back to the queue, due now, its interrupted attempt not counted (docs/decisions.md). */
  private async giveBack(run: RunTable, log: RunLog): Promise<void> {
    const line = log.withChange("warn", () => `attempt ${run.attempts} interrupted by the worker's shutdown; another worker resumes it`);
    const released = await releaseRun(this.options.store.db, run.id, this.id, this.now(), line).catch((error: unknown) => {
      // a store that no longer answers cannot take the run back: its lease lapses, and another worker resumes it then
      this.options.logger?.warn({ err: error, ...runFields(run) }, "run not given back (the store did not answer): another worker resumes it when its lease ends");
      return false;
    });
    this.options.logger?.info({ ...runFields(run), released }, released ? "run given back to the queue: the worker is stopping" : "run interrupted: its lease had moved to another worker");
    this.emit("interrupted", run, released);
  }
}

/** Resolves with "interrupted" once the signal is aborted. */
function whenAborted(signal: AbortSignal): Promise<"interrupted"> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve("interrupted");
    else signal.addEventListener("abort", () => resolve("interrupted"), { once: true });
  });
}

/** ` (CODE, CODE)` of the errors an outcome carries, for a log line. */
/** The error codes of an attempt's outcome. */
function codesIn(outcome: RunOutcome): string[] {
  const errors = (outcome.details as { errors?: Array<{ code?: unknown }> } | null)?.errors;
  return Array.isArray(errors) ? errors.map((e) => e.code).filter((c): c is string => typeof c === "string") : [];
}

function codesOf(outcome: RunOutcome): string {
  const codes = codesIn(outcome);
  return codes.length ? ` (${codes.join(", ")})` : "";
}

/** What every server log line about a run names, so that one run (or one flow's runs) can be followed through the log. */
export function runFields(run: Pick<RunTable, "id" | "flow_id" | "window_seq" | "attempts">) {
  return { runId: run.id, flowId: run.flow_id, window: Number(run.window_seq), attempt: run.attempts };
}
