import { useMemo } from "react";
import type { Flow, Run } from "../../api/runs";
import { ErrorNote } from "../../components/Feedback";
import { usePages } from "../../components/Pages";
import { count, duration, shortId, when } from "../../components/format";
import { RecordsChart } from "./RecordsChart";
import { runCounts } from "./run-counts";
import { RunStatus } from "./RunStatus";

/** the runs a page of the table shows: a one-minute flow's hour */
const RUNS_A_PAGE = 60;

/** A flow's runs of the span, newest window first and a page at a time (`runs`: oldest first), with a chart of records per run of them all; `error`: why they could not be read again. */
export function FlowRuns({ runs, flow, span, error, selected, onSelect, onEditMapping }: { runs: Run[] | undefined; flow: Flow | undefined; span: string; error: unknown; selected?: string; onSelect: (runId: string) => void; onEditMapping: () => void }) {
  const newestFirst = useMemo(() => runs && [...runs].reverse(), [runs]);
  const pages = usePages(newestFirst, RUNS_A_PAGE, "runs", { restartOn: flow?.id, selected, isSelected: (run) => run.id === selected });
  return (
    <div className="panel" aria-labelledby="runs-title">
      <div className="heading-row">
        <h2 id="runs-title">Runs</h2>
        <button type="button" onClick={onEditMapping}>
          Edit mapping
        </button>
      </div>
      <ErrorNote error={error} />
      {runs && runs.length === 0 && (
        <p className="hint">{flow?.lastRunDetails ? `No run in the ${span}: choose a longer time above to see older runs.` : "No run yet: the first window runs at the flow's start time."}</p>
      )}
      {runs && runs.length > 0 && (
        <>
          <RecordsChart runs={runs} />
          <div className="wide">
            <table aria-label="Runs">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Received</th>
                  <th scope="col">Ingested</th>
                  <th scope="col">Failed</th>
                </tr>
              </thead>
              <tbody>
                {pages.shown!.map((run) => (
                  <tr key={run.id} className={run.id === selected ? "selected" : undefined}>
                    <td>
                      <button type="button" className="link" onClick={() => onSelect(run.id)} aria-label={`Open run ${run.id}, ending ${shortId(run.id)}`}>
                        {shortId(run.id)}
                      </button>
                    </td>
                    <td>
                      <RunStatus run={run} />
                    </td>
                    <td>{when(run.metrics.durationSummary.startedAtUTC)}</td>
                    <td>{duration(run.metrics.durationSummary.startedAtUTC, run.metrics.durationSummary.completedAtUTC)}</td>
                    <td className="number">{count(runCounts(run).received)}</td>
                    <td className="number">{count(runCounts(run).ingested)}</td>
                    <td className="number">{count(runCounts(run).failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages.controls}
        </>
      )}
    </div>
  );
}
