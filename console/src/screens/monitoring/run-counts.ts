/**
 * A run's record counts as Monitoring shows them. Until a run has ended the API answers 0s (its
 * batch's promotion has not completed), which are no counts: they are shown as not known yet.
 */
import { hasEnded, type RunFacts } from "./run-health";

/** the fields of a run these rules read */
export interface CountedRun extends RunFacts {
  metrics: RunFacts["metrics"] & { recordSummary: { inputRecordCount?: number; outputRecordCount?: number; failedRecordCount?: number } };
}

export interface RecordCounts {
  received?: number;
  ingested?: number;
  failed?: number;
}

/** One run's counts; none while it has not ended. */
export function runCounts(run: CountedRun): RecordCounts {
  if (!hasEnded(run)) return {};
  const { inputRecordCount, outputRecordCount, failedRecordCount } = run.metrics.recordSummary;
  return { received: inputRecordCount, ingested: outputRecordCount, failed: failedRecordCount };
}

/** A flow's counts, summed over its ended runs; not known while it has runs and none has ended. */
export function flowCounts(runs: CountedRun[]): RecordCounts {
  const ended = runs.filter(hasEnded);
  if (runs.length > 0 && ended.length === 0) return {};
  const sum = (pick: (counts: RecordCounts) => number | undefined) => ended.reduce((total, run) => total + (pick(runCounts(run)) ?? 0), 0);
  return { received: sum((c) => c.received), ingested: sum((c) => c.ingested), failed: sum((c) => c.failed) };
}
