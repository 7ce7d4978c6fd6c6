/**
 * A run's own log (GET /runs/{id}/logs) and its phase (GET /runs): what the worker and the executor
 * say about one attempt, written to the store as it happens, secrets removed first. A line that
 * cannot be written never fails the run; it goes to the process log instead.
 */
import type { Logger } from "pino";
import type { Store } from "../store/database.js";
import type { RunTable } from "../store/dataflows.table.js";
import { appendRunLog, runHeldBy, type ChangeLine, enterRunPhase, listRunLog, type RunLogLine } from "../store/runs.repository.js";
import { redactSecrets } from "../databricks/secret-redaction.js";

/** The phases of an attempt, in order; the first three are the copy activity, the rest the promotion. */
export const RUN_PHASES = ["waitingForCluster", "pinningVersion", "exporting", "downloading", "mapping", "committing"] as const;
export type RunPhase = (typeof RUN_PHASES)[number];
export const COPY_PHASES: ReadonlySet<string> = new Set<RunPhase>(["waitingForCluster", "pinningVersion", "exporting"]);
/** the phases before anything of the window is written to the dataset: a run in one of them can be cancelled */
export const CANCELLABLE_PHASES: readonly RunPhase[] = ["waitingForCluster", "pinningVersion", "exporting", "downloading"];

/** An attempt whose run is no longer its worker's (cancelled, or its lease taken over) at a phase's start: it stops, recording nothing. */
export class RunNotHeld extends Error {
  constructor(runId: string, phase: string) {
    super(`run ${runId} is no longer this worker's (cancelled, or its lease taken over): its attempt stops before ${phase}`);
    this.name = "RunNotHeld";
  }
}

/** Lines kept per run (the newest); a run retried for days does not grow without end. */
export const RUN_LOG_KEEP_LINES = 500;
const MAX_MESSAGE_CHARS = 2_000;

export class RunLog {
  private readonly secrets: string[] = [];

  constructor(
    private readonly store: Store,
    private readonly run: Pick<RunTable, "id" | "attempts">,
    private readonly workerId: string,
    /** the run's clock: the process's, aligned with the database's (worker.ts), as the run's own times are */
    private readonly now: () => number,
    private readonly logger?: Logger,
    /** the attempt's: once aborted, the next phase is not entered (the attempt stops at that step) */
    private readonly signal?: AbortSignal,
  ) {}

  /** A value this run knows to be secret (the workspace token): never written, wherever it shows up. */
  keepSecret(value: string | undefined): void {
    if (value) this.secrets.push(value);
  }

  /** `text` as this run may show it anywhere (its log, its errors, the service's log): its secrets and whatever looks like one removed. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  info(message: string): Promise<void> {
    return this.write("info", message);
  }

  warn(message: string): Promise<void> {
    return this.write("warn", message);
  }

  error(message: string): Promise<void> {
    return this.write("error", message);
  }

  /** The attempt enters `phase`: GET /runs shows it from now, and the log says what it does. */
  async phase(phase: RunPhase, message: string): Promise<void> {
    this.signal?.throwIfAborted();
    const held = await enterRunPhase(this.store.db, this.run.id, this.workerId, phase, this.now()).catch((error) => {
      this.logger?.warn({ err: error, runId: this.run.id, phase }, "run phase could not be recorded");
      return true;
    });
    // cancelled, or its lease taken over: the attempt goes no further, before its next step writes anything
    if (!held) throw new RunNotHeld(this.run.id, phase);
    await this.info(`${phase}: ${message}`);
  }

  /** A line written by the statement that finishes the attempt or gives the run back for another (see ChangeLine), not on its own. */
  withChange(level: RunLogLine["level"], message: (attempt: string) => string): ChangeLine {
    return lineWithChange(this.store, level, (attempt) => this.redact(message(attempt)), this.now());
  }

  /** Whether this attempt's worker still holds the run: a run cancelled, or taken over by another worker, is no longer the attempt's. */
  held(): Promise<boolean> {
    return runHeldBy(this.store.db, this.run.id, this.workerId).catch(() => true);
  }

  private async write(level: RunLogLine["level"], message: string): Promise<void> {
    // a stopped attempt (its worker stopping, its run cancelled or taken over) writes no more lines after the worker's own; an
    // attempt's lines (those of a log with the attempt's signal) are written only while its worker holds the run, which a worker
    // in another process than the cancel's learns within a poll interval
    if (this.signal?.aborted) return;
    const line = { at: this.now(), attempt: this.run.attempts, level, message: bounded(this.redact(message)) };
    await appendRunLog(this.store.db, this.run.id, line, RUN_LOG_KEEP_LINES, this.signal ? this.workerId : undefined).catch((error) =>
      this.logger?.warn({ err: error, runId: this.run.id }, "run log line could not be written"),
    );
  }
}

/**
 * A line for the log of the run a change (a claim: the run is not known before) is about to make, written by the same statement,
 * `at` by the clock that times the change.
 */
export function lineWithChange(store: Store, level: RunLogLine["level"], message: (attempt: string) => string, at: number): ChangeLine {
  return { capabilities: store.capabilities, level, message: (attempt) => bounded(message(attempt)), at, keepLines: RUN_LOG_KEEP_LINES };
}

function bounded(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}… (${text.length - MAX_MESSAGE_CHARS} more characters)` : text;
}

/** GET /runs/{id}/logs: the run's lines, oldest first (timestamps in epoch ms, like the run item). */
export async function runLogBody(store: Store, runId: string) {
  const lines = await listRunLog(store.db, runId);
  return { runId, items: lines.map((l) => ({ timestamp: l.at, attempt: l.attempt, level: l.level, message: l.message })) };
}
