/**
 * The run machinery of one process: a worker (scheduler tick, claims, executor) and the
 * notifier that reports finished and overdue runs. The API process runs one; `npm run worker`
 * starts more, each against the same PostgreSQL.
 */
import type { Logger } from "pino";
import type { Store } from "../store/database.js";
import { type RunExecutor, Worker, type WorkerOptions } from "./worker.js";

/** Who hears about finished and overdue runs (the webhook notifier, wired in by src/service.ts). */
export interface RunReporter {
  finished(runId: string): Promise<void>;
  checkDelayed(now: number): Promise<number>;
}

/** A background delivery loop the runtime starts and stops with the worker. */
export interface DeliveryLoop {
  start(): void;
  stop(waitMs: number): Promise<void>;
}

export interface RunRuntime {
  worker: Worker;
  stop(): Promise<void>;
}

export function startRunRuntime(options: {
  store: Store;
  executor: RunExecutor;
  notifier: RunReporter;
  outbox: DeliveryLoop;
  settings: Pick<WorkerOptions, "leaseMs" | "pollMs" | "maxAttempts" | "retryBackoffMs" | "workersOnThisHostOnly">;
  /** the process's clock aligned with the database's (src/store/aligned-clock.ts): what is due, and when a run is late, is by it */
  now: () => number;
  logger?: Logger;
}): RunRuntime {
  const worker = new Worker({ store: options.store, executor: options.executor, logger: options.logger, alignedNow: options.now, ...options.settings });
  worker.on("finished", (run, _outcome, recorded) => {
    if (recorded) void options.notifier.finished(run.id).catch((error) => options.logger?.warn({ err: error }, "notification failed"));
  });
  const delayCheck = setInterval(() => {
    void options.notifier.checkDelayed(options.now()).catch((error) => options.logger?.warn({ err: error }, "delay check failed"));
  }, Math.max(1_000, (options.settings.pollMs ?? 1_000) * 10));
  delayCheck.unref();
  options.outbox.start();
  worker.start();
  return {
    worker,
    async stop() {
      clearInterval(delayCheck);
      await worker.stop();
      await options.outbox.stop(5_000);
    },
  };
}
