/**
 * Waiting for something on the workspace to happen (a command or statement to end, a cluster or
 * warehouse to run) by looking at its status again and again. The step between looks grows with the
 * time already waited, so the end is seen at most a bounded fraction late: a 50 ms command within
 * 10 ms, a 3 s export within 0.3 s, and a command running for minutes every few seconds, not faster
 * (docs/decisions.md, "Databricks client").
 */
import { DatabricksTimeoutError } from "./errors.js";
import { delay } from "./http.js";

export interface PollSchedule {
  /** the shortest step, also the first */
  minStepMs: number;
  /** the step as a fraction of the time waited so far: how late the end may be seen, at most */
  overshoot: number;
  /** the longest step, however long the wait */
  maxStepMs: number;
}

/** 10% late at most; never more often than every 10 ms, never less often than every 5 s. */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { minStepMs: 10, overshoot: 0.1, maxStepMs: 5_000 };

/** The clock the wait reads and sleeps on: the real one, or a test's. */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: PollClock = { now: () => Date.now(), sleep: (ms) => delay(ms) };

/** The wait before the next look, `waitedMs` after the first. */
export function nextPollStep(waitedMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
  return Math.min(schedule.maxStepMs, Math.max(schedule.minStepMs, Math.round(waitedMs * schedule.overshoot)));
}

/**
 * Calls `check` until it returns a value, sleeping `nextPollStep` between calls; past `deadline`
 * (a time on `clock`) a DatabricksTimeoutError naming `what()`, or the error `what()` returns (one
 * that says what to do). An error `check` throws ends the wait.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  deadline: number,
  what: () => string | DatabricksTimeoutError,
  schedule: PollSchedule = DEFAULT_POLL_SCHEDULE,
  clock: PollClock = REAL_CLOCK,
): Promise<T> {
  const start = clock.now();
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    const now = clock.now();
    const left = deadline - now;
    if (left <= 0) {
      const ending = what();
      throw typeof ending === "string" ? new DatabricksTimeoutError(`${ending} did not happen in time`) : ending;
    }
    await clock.sleep(Math.min(nextPollStep(now - start, schedule), left));
  }
}
