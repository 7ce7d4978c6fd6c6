import { useEffect, useState } from "react";
import { type Connection, connectionOfFlow } from "../../api/flowservice";
import { ApiError } from "../../api/client";
import { batchOf, cancelRun, type Flow, retriggerRun, type Run, type RunError } from "../../api/runs";
import type { Session } from "../../api/session";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNote } from "../../components/Feedback";
import { count, duration, StatusText, when } from "../../components/format";
import { RunStatus } from "./RunStatus";
import { useInFlight } from "../../components/useInFlight";
import { describeConnection } from "../sources/connection-kinds";
import { BatchFiles } from "./BatchFiles";
import { FailedRowsDownload } from "./FailedRowsDownload";
import { hasEnded, notRetriedBecause } from "./run-health";
import { runCounts } from "./run-counts";
import { RunErrorFix } from "./RunErrorFix";
import type { MonitoringData } from "./monitoring-data";
import { RunLog } from "./RunLog";

const KNOWN_FIELDS = new Set(["id", "flowId", "etag", "createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient", "sandboxId", "sandboxName", "imsOrgId", "providerRefId", "metrics", "activities", "attempt", "maxAttempts", "nextAttemptAt", "phase", "heldBack"]);

const COPY = {
  "All-purpose cluster": "Copy (export on the cluster)",
  "SQL warehouse": "Copy (statement on the SQL warehouse)",
  "Delta Sharing": "Copy (shared files through Delta Sharing)",
} as const;

/** One run: its timeline, metrics, errors with what to do about them in the console, log and failed rows; re-trigger when it failed. */
export function RunDetail({ session, selectedFlowId, runId, open, flow, reload }: { session: Session; selectedFlowId: string; runId: string; open: MonitoringData["open"]; flow: Flow | undefined; reload: () => Promise<void> }) {
  const { run, log, error: readError } = open ?? {};
  const [actionError, setActionError] = useState<unknown>();
  const error = actionError ?? readError;
  /** the run this page re-triggered: its notice follows the run's state from then on */
  const [retriggered, setRetriggered] = useState<string>();
  /** the account the flow reads: what its copy did, and where a refused token is renewed */
  const [connection, setConnection] = useState<Connection>();
  const [connectionReads, setConnectionReads] = useState(0);

  const flowId = run?.flowId;
  useEffect(() => {
    if (!flowId) return;
    connectionOfFlow(session, flowId).then(setConnection, () => setConnection(undefined));
  }, [session, flowId, connectionReads]);
  // without the account the step is just "Copy"
  const copy = connection ? COPY[describeConnection(connection).kind] : "Copy";

  const inFlight = useInFlight();
  /** an action on the run, under `key` while it is under way, then the run read again; its refusal shown */
  const act = (key: string, call: () => Promise<unknown>, done?: () => void) =>
    inFlight.run(key, async () => {
      setActionError(undefined);
      try {
        await call();
        done?.();
        await reload();
      } catch (caught) {
        setActionError(caught);
      }
    });
  const retrigger = () => {
    setRetriggered(undefined);
    return act(runId, () => retriggerRun(session, runId), () => setRetriggered(runId));
  };

  /** Cancel run asked, awaiting the user's yes */
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const cancel = () => {
    setConfirmingCancel(false);
    return act(`cancel-${runId}`, () => cancelRun(session, runId));
  };

  if (!run) {
    return (
      <>
        <ErrorNote error={error} />
        {error instanceof ApiError && error.status === 404 && (
          <p>
            <a href={`#/monitoring?flow=${encodeURIComponent(selectedFlowId)}`}>Back to the dataflow's runs</a>
          </p>
        )}
      </>
    );
  }
  const status = run.metrics.statusSummary.status;
  const batch = batchOf(run);
  const extra = Object.entries(run).filter(([key]) => !KNOWN_FIELDS.has(key));
  // until the run ends the API's counts are 0s that count nothing yet: shown as not known, as in the runs table
  const counts = runCounts(run);
  return (
    <div className="panel" aria-labelledby="run-title">
      <h2 id="run-title">
        Run {run.id} — <RunStatus run={run} />
      </h2>
      <ErrorNote error={error} />
      {retriggered === run.id && <p role="status">{retriggeredText(status)}</p>}
      <h3>Metrics</h3>
      <dl className="facts">
        <dt>Records received</dt>
        <dd>{count(counts.received)}</dd>
        <dt>Records ingested</dt>
        <dd>{count(counts.ingested)}</dd>
        <dt>Records failed</dt>
        <dd>{count(counts.failed)}</dd>
        <dt>Bytes staged / written</dt>
        <dd>
          {count(run.metrics.sizeSummary?.inputBytes)} / {count(run.metrics.sizeSummary?.outputBytes)}
        </dd>
        <dt>Files staged / written</dt>
        <dd>
          {count(run.metrics.fileSummary?.inputFileCount)} / {count(run.metrics.fileSummary?.outputFileCount)}
        </dd>
        <dt>Batch</dt>
        <dd>{batch ?? "—"}</dd>
        {extra.map(([key, value]) => (
          <FactRow key={key} name={key} value={value} />
        ))}
      </dl>
      <h3>Timeline</h3>
      {run.heldBack && (
        <p className="notice" role="status">
          Held back ({run.heldBack.reason}): {run.heldBack.message}
        </p>
      )}
      <ol aria-label="Timeline">
        {run.attempt === 0 && <li>Not attempted yet</li>}
        {!!run.attempt && (
          <li>
            Attempt {run.attempt}
            {run.maxAttempts ? ` of ${run.maxAttempts}` : ""}
            {run.phase && !hasEnded(run) && ` · phase ${run.phase.name} since ${when(run.phase.startedAt)}`}
            {run.nextAttemptAt && !hasEnded(run) && ` · next attempt ${when(run.nextAttemptAt)}`}
            {status === "failed" && !!run.maxAttempts && run.attempt < run.maxAttempts && ` · not retried: ${notRetriedBecause(run)}`}
          </li>
        )}
        <li>
          Created {when(run.createdAt)}; started {when(run.metrics.durationSummary.startedAtUTC)}; ended {when(run.metrics.durationSummary.completedAtUTC)} (
          {duration(run.metrics.durationSummary.startedAtUTC, run.metrics.durationSummary.completedAtUTC)})
        </li>
        {run.activities?.map((activity) => (
          <li key={activity.id}>
            <strong>{activity.id === "copyActivity" ? copy : activity.id === "promotionActivity" ? "Promotion (mapping, validation, commit)" : activity.id}</strong>:{" "}
            <StatusText status={activity.statusSummary?.status} />
            {!!activity.durationSummary?.startedAtUTC && ` · ${when(activity.durationSummary.startedAtUTC)} → ${when(activity.durationSummary.completedAtUTC)}`}
            {activity.durationSummary?.extensions && ` · ${windowText(activity.durationSummary.extensions)}`}
            {activity.statusSummary?.extensions?.type && ` · ${activity.statusSummary.extensions.type}`}
          </li>
        ))}
      </ol>
      <h3>Errors</h3>
      {(run.metrics.statusSummary.errors ?? []).length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul aria-label="Run errors" className="run-errors">
          {run.metrics.statusSummary.errors!.map((e, i) => (
            <li key={i}>
              <p className="bad">
                <strong>{e.code}</strong>
                {e.recordCount !== undefined && ` (${count(e.recordCount)} ${e.recordCount === 1 ? "row" : "rows"})`}: {withoutCode(e)}
              </p>
              <RunErrorFix
                error={e}
                context={{ session, flowId: run.flowId, runId: run.id, flow, connection, onConnectionRenewed: () => setConnectionReads((n) => n + 1), committed: status === "success", failedPercent: failedPercentOf(run) }}
              />
            </li>
          ))}
        </ul>
      )}
      {status === "failed" && (
        <button type="button" className="primary" onClick={retrigger} disabled={inFlight.busy(runId)}>
          {inFlight.busy(runId) ? "Re-triggering…" : "Re-trigger run"}
        </button>
      )}
      {cancellable(run) && (
        <button type="button" className="danger" onClick={() => setConfirmingCancel(true)} disabled={inFlight.busy(`cancel-${runId}`)}>
          {inFlight.busy(`cancel-${runId}`) ? "Cancelling…" : "Cancel run"}
        </button>
      )}
      {confirmingCancel && (
        <ConfirmDialog title="Cancel this run?" confirm="Cancel the run" onConfirm={() => void cancel()} onCancel={() => setConfirmingCancel(false)}>
          <p>
            It ends failed and nothing of its window is written to the dataset. Re-trigger it later to read its window; the dataflow's later windows wait for it until
            then.
          </p>
        </ConfirmDialog>
      )}
      {batch && (run.metrics.recordSummary.failedRecordCount ?? 0) > 0 && <FailedRowsDownload session={session} batchId={batch} runId={run.id} />}
      {batch && hasEnded(run) && (run.metrics.recordSummary.outputRecordCount ?? 0) > 0 && <BatchFiles session={session} batchId={batch} />}
      {log !== undefined && <RunLog lines={log} />}
    </div>
  );
}

/** A re-triggered run's notice, by the state it is in now: queued, running, or ended again. */
function retriggeredText(status: string): string {
  if (status === "success") return "Re-triggered: the run succeeded.";
  if (status === "failed") return "Re-triggered: the run failed again; its errors are below.";
  if (status === "inProgress") return "Re-triggered: the run is running again with the same window.";
  return "Re-triggered: the run is queued again with the same window.";
}

/** The bound a window after a whole-table read stands at (9999-12-31, docs/api/runs.md): the run reads only the rows that appeared since. */
const OPEN_END_MS = 253_402_300_799_999;

/** A run's window (epoch ms, 0 for an open end), in words. */
function windowText({ windowStart, windowEnd }: { windowStart?: number; windowEnd?: number }): string {
  if (!windowStart && !windowEnd) return "the whole table";
  if (windowStart === OPEN_END_MS && windowEnd === OPEN_END_MS) return "the rows that appeared since the last run";
  return `window ${windowStart ? when(windowStart) : "from the beginning"} → ${windowEnd ? when(windowEnd) : "now"}`;
}

function FactRow({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{typeof value === "object" ? JSON.stringify(value) : String(value)}</dd>
    </>
  );
}

/** a row error's message as the run names it, without the code it starts with ("MAPPER-3700-400: …"): the line shows the code already */
const withoutCode = (error: RunError) => (error.message.startsWith(`${error.code}: `) ? error.message.slice(error.code.length + 2) : error.message);

/** the share of a run's rows that failed, in %, when it read any */
function failedPercentOf(run: Run): number | undefined {
  const { inputRecordCount, failedRecordCount } = run.metrics.recordSummary ?? {};
  return inputRecordCount ? ((failedRecordCount ?? 0) / inputRecordCount) * 100 : undefined;
}

/** whether the service cancels the run: one waiting, or one running that has not begun writing its window (mapping, committing) */
function cancellable(run: Run): boolean {
  const status = run.metrics.statusSummary.status;
  return status === "scheduled" || (status === "inProgress" && !["mapping", "committing"].includes(run.phase?.name ?? ""));
}
