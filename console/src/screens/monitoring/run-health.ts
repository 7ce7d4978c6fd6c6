/** What Monitoring tells of runs, pure: whether a flow is failing, whether a run has ended. */

/** the fields of a run these rules read */
export interface RunFacts {
  metrics: { statusSummary: { status: string } };
  heldBack?: { reason: string };
}

/** Whether a run has ended: a phase, a next attempt, are shown only for one that has not. */
export const hasEnded = (run: RunFacts) => run.metrics.statusSummary.status === "success" || run.metrics.statusSummary.status === "failed";

/**
 * Whether a flow is failing, for "Show failures only": its latest run failed, or a run of it is held
 * back behind a failed window (`earlierWindowFailed`): the flow is stuck until that window is
 * re-triggered, whatever the status of its latest run. Runs are oldest first.
 */
export function isFailing(runs: RunFacts[]): boolean {
  return runs[runs.length - 1]?.metrics.statusSummary.status === "failed" || runs.some((run) => run.heldBack?.reason === "earlierWindowFailed");
}

/**
 * The failed run a flow is stuck behind, and how many windows wait for it: what "Last run" shows
 * instead of the newest run, which is only `scheduled` while it is held back.
 */
export function stuckBehind<T extends RunFacts & { id: string; heldBack?: { reason: string; waitingForRunId?: string } }>(runs: T[]): { failed: T; waiting: number } | undefined {
  const held = runs.filter((run) => run.heldBack?.reason === "earlierWindowFailed");
  const failed = runs.find((run) => run.id === held[0]?.heldBack?.waitingForRunId);
  return failed && { failed, waiting: held.length };
}

/** Why a failed run with attempts left was not tried again: it was cancelled, or another attempt would meet its error. */
export function notRetriedBecause(run: { metrics: { statusSummary: { errors?: Array<{ code: string }> } } }): string {
  const cancelled = run.metrics.statusSummary.errors?.some((error) => error.code === "CONNECTOR-2019-400");
  return cancelled ? "it was cancelled (re-trigger it to read its window again)" : "another attempt would meet the same error (see what to do about it below)";
}
