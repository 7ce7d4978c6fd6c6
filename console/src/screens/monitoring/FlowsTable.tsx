import { useMemo, useState } from "react";
import { messageOf } from "../../api/client";
import { type Flow, flowAction, type Run, type RunParams, runCurrentWindowNow, startRun } from "../../api/runs";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { usePages } from "../../components/Pages";
import { count, shortId, StatusText, when } from "../../components/format";
import { RunStatus } from "./RunStatus";
import { useInFlight } from "../../components/useInFlight";
import { RunNowDialog, RunWindowNowDialog } from "./RunNowDialog";
import { flowCounts } from "./run-counts";
import { isFailing, stuckBehind } from "./run-health";
import type { MonitoringReading } from "./monitoring-data";

interface FlowRow {
  flow: Flow;
  /** the newest window's run of the span */
  last?: Run;
  /** the failed run that holds the flow's later windows back */
  stuck?: { failed: Run; waiting: number };
  /** its latest run failed, or a run of it waits behind a failed window */
  failing: boolean;
  /** summed over its ended runs of the span; not known while none has ended */
  received?: number;
  ingested?: number;
  failed?: number;
}

/** the dataflows a page of the table shows */
const FLOWS_A_PAGE = 50;

/** Every dataflow, newest first and a page at a time, with its last run and the records of its runs of the span of time (`span`, in words); enable, disable or run one now. */
export function FlowsTable({ session, reading: { data, error, reload }, span, selected, onSelect }: { session: Session; reading: MonitoringReading; span: string; selected?: string; onSelect: (flowId: string) => void }) {
  const rows = useMemo(() => data?.flows.map((flow) => summarize(flow, data.runsOf.get(flow.id) ?? [])), [data]);
  const [actionError, setActionError] = useState<unknown>();
  const [search, setSearch] = useState("");
  const [failuresOnly, setFailuresOnly] = useState(false);

  /** a flow's enable, disable or run now, one at a time: its buttons wait for the answer */
  const inFlight = useInFlight();
  const toggle = (flow: Flow) =>
    inFlight.run(flow.id, async () => {
      setActionError(undefined);
      try {
        await flowAction(session, flow.id, flow.state === "enabled" ? "disable" : "enable");
        await reload();
      } catch (caught) {
        setActionError(new Error(`${flow.name}: ${messageOf(caught)}`));
      }
    });

  const [runNowOf, setRunNowOf] = useState<Flow>();
  const runNow = (flow: Flow, params?: RunParams) =>
    inFlight.run(flow.id, async () => {
      setRunNowOf(undefined);
      setActionError(undefined);
      try {
        await (isOnce(flow) ? startRun(session, flow.id, params) : runCurrentWindowNow(session, flow.id));
        onSelect(flow.id);
        await reload();
      } catch (caught) {
        setActionError(new Error(`${flow.name}: ${messageOf(caught)}`));
      }
    });

  const shown = useMemo(() => rows?.filter((r) => r.flow.name.toLowerCase().includes(search.toLowerCase()) && (!failuresOnly || r.failing)), [rows, search, failuresOnly]);
  const pages = usePages(shown, FLOWS_A_PAGE, "dataflows", { restartOn: `${search}\n${failuresOnly}`, selected, isSelected: (row) => row.flow.id === selected });
  return (
    <div className="panel">
      <h2>Dataflows</h2>
      <div className="copy-row">
        <label>
          Search dataflows
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={failuresOnly} onChange={(e) => setFailuresOnly(e.target.checked)} /> Show failures only
        </label>
      </div>
      <ErrorNote error={error} />
      <ErrorNote error={actionError} />
      {runNowOf && isOnce(runNowOf) && <RunNowDialog session={session} flow={runNowOf} onRun={(params) => runNow(runNowOf, params)} onCancel={() => setRunNowOf(undefined)} />}
      {runNowOf && !isOnce(runNowOf) && <RunWindowNowDialog flow={runNowOf} onRun={() => runNow(runNowOf)} onCancel={() => setRunNowOf(undefined)} />}
      {rows?.length === 0 && <p className="hint">No dataflow yet: create one in New dataflow.</p>}
      {rows && rows.length > 0 && shown?.length === 0 && (
        <p className="hint">
          No dataflow matches {[search.trim() && `the search “${search.trim()}”`, failuresOnly && "Show failures only"].filter(Boolean).join(" and ")}.
        </p>
      )}
      {shown && shown.length > 0 && (
        <div className="wide">
          <table aria-label="Dataflows">
            <thead>
              <tr>
                <th scope="col">Dataflow</th>
                <th scope="col">State</th>
                <th scope="col">Schedule</th>
                <th scope="col">Last run</th>
                {/* the flow's totals, not its last run's: beside a run in progress they would read as its own */}
                <th scope="col">Records received, {span}</th>
                <th scope="col">Records ingested, {span}</th>
                <th scope="col">Records failed, {span}</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {pages.shown!.map(({ flow, last, stuck, received, ingested, failed }) => (
                <tr key={flow.id} className={flow.id === selected ? "selected" : undefined}>
                  <td>
                    <button type="button" className="link" onClick={() => onSelect(flow.id)}>
                      {flow.name}
                    </button>
                  </td>
                  <td>{flow.state}</td>
                  <td>
                    {flow.scheduleParams.frequency}
                    {flow.scheduleParams.interval ? ` × ${flow.scheduleParams.interval}` : ""}
                  </td>
                  <td>
                    {stuck ? (
                      <span className="bad">
                        <StatusText status="failed" /> {when(stuck.failed.metrics.durationSummary.completedAtUTC || stuck.failed.updatedAt)}: {stuck.waiting === 1 ? "a later window is" : `${stuck.waiting} later windows are`} held back behind run{" "}
                        <span title={stuck.failed.id}>{shortId(stuck.failed.id)}</span>
                      </span>
                    ) : last ? (
                      <>
                        <RunStatus run={last} /> {when(last.metrics.durationSummary.startedAtUTC || last.createdAt)}
                      </>
                    ) : (
                      <LastRunBefore flow={flow} />
                    )}
                  </td>
                  <td className="number">{count(received)}</td>
                  <td className="number">{count(ingested)}</td>
                  <td className="number">{count(failed)}</td>
                  <td>
                    <button type="button" onClick={() => toggle(flow)} disabled={inFlight.busy(flow.id)} aria-label={`${flow.state === "enabled" ? "Disable" : "Enable"} ${flow.name}`}>
                      {flow.state === "enabled" ? "Disable" : "Enable"}
                    </button>{" "}
                    {flow.state === "enabled" && (
                      <button type="button" onClick={() => setRunNowOf(flow)} disabled={inFlight.busy(flow.id)}>
                        {/* named "Run <flow> now" from its text, so that the name holds the words shown (WCAG 2.5.3) */}
                        Run <span className="visually-hidden">{flow.name} </span>now
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.controls}
      {shown && shown.length > 0 && !selected && (
        <p className="hint" data-testid="choose-flow">
          Choose a dataflow by its name to see its runs, what went wrong in one, and the rows of its dataset.
        </p>
      )}
    </div>
  );
}

/** a flow without a run in the span: its last run that ended, as the flow item has it, or none */
function LastRunBefore({ flow }: { flow: Flow }) {
  const last = flow.lastRunDetails;
  if (!last) return <StatusText status={undefined} />;
  return (
    <>
      <StatusText status={last.state} /> {when(last.startedAtUTC)}
    </>
  );
}

const isOnce = (flow: Flow) => flow.scheduleParams.frequency.toLowerCase() === "once";

/** `runs`: oldest window first */
function summarize(flow: Flow, runs: Run[]): FlowRow {
  return {
    flow,
    last: runs[runs.length - 1],
    stuck: stuckBehind(runs),
    // without a run in the span, its last finished run (LastRunBefore) tells
    failing: runs.length > 0 ? isFailing(runs) : flow.lastRunDetails?.state === "failed",
    ...flowCounts(runs),
  };
}
