import { useEffect, useState } from "react";
import { item, FLOW_SERVICE } from "../../api/client";
import { type Flow, flowDeltaColumn, isDeltaColumnType, listFlowRuns, type Run, type RunParams } from "../../api/runs";
import type { Session } from "../../api/session";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNote } from "../../components/Feedback";
import { runNowOptions, runNowParams } from "./run-now-choice";

/**
 * A run of a `once` flow now: what it reads, among what the service takes for this flow (the whole
 * table for a first run; the rows after the last run, by a delta column; a full reload), the first
 * that works proposed (run-now-choice.ts).
 */
export function RunNowDialog({ session, flow, onRun, onCancel }: { session: Session; flow: Flow; onRun: (params: RunParams) => void; onCancel: () => void }) {
  const [timeColumns, setTimeColumns] = useState<string[]>();
  const [readsChangeFeed, setReadsChangeFeed] = useState(false);
  const [picked, setPicked] = useState<string>();
  // all of them, not only Monitoring's span of time: what a run may read follows from the flow's first run on
  const [runs, setRuns] = useState<Run[]>();
  const [runsError, setRunsError] = useState<unknown>();
  useEffect(() => {
    listFlowRuns(session, flow.id).then(setRuns, setRunsError);
  }, [session, flow.id]);
  useEffect(() => {
    item<{ params: { columns?: Array<{ name: string; type?: string }>; cdcEnabled?: boolean | string } }>(session, `${FLOW_SERVICE}/sourceConnections/${flow.sourceConnectionIds[0]}`)
      .then((source) => {
        setReadsChangeFeed(source.params.cdcEnabled === true || source.params.cdcEnabled === "true");
        setTimeColumns((source.params.columns ?? []).filter((c) => isDeltaColumnType(c.type)).map((c) => c.name));
      })
      .catch(() => setTimeColumns([]));
  }, [session, flow]);
  const { options, choice } = runNowOptions({
    runs: runs?.length ?? 0,
    ingestedRows: (runs ?? []).reduce((total, r) => total + (r.metrics.recordSummary.outputRecordCount ?? 0), 0),
    everyRunSucceeded: (runs ?? []).every((r) => r.metrics.statusSummary.status === "success"),
    flowDeltaColumn: flowDeltaColumn(flow),
    timeColumns: timeColumns ?? [],
    readsChangeFeed,
  });
  const value = picked !== undefined && options.some((o) => o.value === picked && !o.refused) ? picked : choice;
  const refusals = options.filter((o) => o.refused);
  return (
    <ConfirmDialog title={`Run ${flow.name} now?`} confirm="Run now" confirmDisabled={!timeColumns || !runs || !value} onConfirm={() => value && onRun(runNowParams(value))} onCancel={onCancel}>
      <p>The first run reads the whole table; a later run reads only the rows after the last run, by a delta column, or the whole table again by a full reload.</p>
      <ErrorNote error={runsError} />
      <label htmlFor="run-now-reads">What the run reads</label>
      <select id="run-now-reads" value={value ?? ""} onChange={(e) => setPicked(e.target.value)} disabled={!timeColumns || !runs}>
        {!value && <option value="">Nothing this flow can run</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={!!o.refused}>
            {o.label}
            {o.refused ? " — not possible" : ""}
          </option>
        ))}
      </select>
      {refusals.length > 0 && (
        <ul className="hint" aria-label="Not possible">
          {refusals.map((o) => (
            <li key={o.value}>
              {o.label}: {o.refused}.
            </li>
          ))}
        </ul>
      )}
    </ConfirmDialog>
  );
}

/** A recurring flow's current window, now: the schedule goes on with the next one, so no row is read twice. */
export function RunWindowNowDialog({ flow, onRun, onCancel }: { flow: Flow; onRun: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog title={`Run ${flow.name}'s current window now?`} confirm="Run now" onConfirm={onRun} onCancel={onCancel}>
      <p>
        The window that is running now ({flow.scheduleParams.frequency} × {String(flow.scheduleParams.interval ?? 1)}) is read at once instead of at its end,
        after any earlier window. The schedule then goes on with the next window; rows of this window that arrive later are read by the next one.
      </p>
    </ConfirmDialog>
  );
}
