import { count, StatusText } from "../../components/format";
import { type CountedRun, runCounts } from "./run-counts";

/**
 * A run's status, and for a run that succeeded while some of its rows failed (within the flow's
 * partial ingestion threshold), how many of the rows it received failed: such a run committed, but
 * not every row.
 */
export function RunStatus({ run }: { run: CountedRun | undefined }) {
  const status = run?.metrics.statusSummary.status;
  const { received, failed } = run ? runCounts(run) : {};
  const partial = status === "success" && !!failed;
  return (
    <>
      <StatusText status={status} />
      {partial && (
        <span className="status-partial">
          {" "}
          (partial: {count(failed)}
          {received !== undefined ? ` of ${count(received)}` : ""} rows failed)
        </span>
      )}
    </>
  );
}
