import { type ReactNode, useState } from "react";
import type { ClusterUpdate, Connection } from "../../api/flowservice";
import { type Flow, flowAction, type RunError, setPartialIngestion } from "../../api/runs";
import type { Session } from "../../api/session";
import { ClusterUpdatesNotice } from "../../components/ClusterUpdatesNotice";
import { ErrorNote } from "../../components/Feedback";
import { useInFlight } from "../../components/useInFlight";
import { describeConnection, isSharing } from "../sources/connection-kinds";
import { monitoringHash } from "./monitoring-url";
import { RenewCredentials } from "../sources/RenewCredentials";

export interface FixContext {
  session: Session;
  flowId: string;
  /** the run the errors are of: Edit mapping comes back to it, for its Re-trigger */
  runId?: string;
  /** the flow, once read: whether it has partial ingestion decides what a threshold breach asks for */
  flow?: Flow;
  /** the account the flow reads (with its etag), once read */
  connection?: Connection;
  /** the account was given new credentials: read it again, for its new etag */
  onConnectionRenewed: () => void;
  /** the share of the run's rows that failed, in %, once its counts are known */
  failedPercent?: number;
  /** the run committed what it could (partial ingestion): it is not re-triggered, and its failed rows are not read again */
  committed?: boolean;
}

const THEN_RETRIGGER = "then Re-trigger run (under the errors).";
/** the error threshold offered when the run's counts are not known: AEP's console proposes 5 % */
const DEFAULT_THRESHOLD = 5;

/**
 * What to do in the console about one run error, with the control that does it where the console
 * has one; the service's own message (written for API users) stays beside it (docs/api/runs.md#run-errors).
 */
export function RunErrorFix({ error, context }: { error: RunError; context: FixContext }) {
  switch (error.code) {
    case "CONNECTOR-2013-400":
      return <RenewFix context={context} />;
    case "CONNECTOR-2002-400":
    case "CONNECTOR-2015-400":
    case "CONNECTOR-2016-400":
      return <ResyncFix context={context} code={error.code} />;
    case "CONNECTOR-2010-400":
      return (
        <FixNote code={error.code}>
          open <a href="#/landing-zone">the staging SAS and its Spark config line</a>, put the line into the cluster's Spark config (refresh the SAS there first if it expired) and
          check the cluster on that screen; {THEN_RETRIGGER}
        </FixNote>
      );
    case "CONNECTOR-2018-400":
      return context.connection && isSharing(context.connection) ? (
        <ResyncFix context={context} code={error.code} />
      ) : (
        <FixNote code={error.code}>
          in the workspace, add <code>spark.sql.parquet.datetimeRebaseModeInWrite CORRECTED</code> and <code>spark.sql.parquet.int96RebaseModeInWrite CORRECTED</code> to the
          cluster's Spark config (the cluster's Edit, Advanced options, Spark), so that it writes dates before 1582 and timestamps before 1900 as the table holds them; {THEN_RETRIGGER}
        </FixNote>
      );
    case "CONNECTOR-2019-400":
      return <FixNote code={error.code}>the run was cancelled and nothing of its window was written: Re-trigger run (under the errors) when its window should be read.</FixNote>;
    case "CONNECTOR-2012-400":
      return (
        <ResyncFix context={context} code={error.code}>
          bring the table or column back in the workspace (<a href="#/sources">browse the account's tables</a> to see what it reads now), {THEN_RETRIGGER} A table created again
          under its name is another table: resync the dataflow first. To stop reading a column, <EditMappingLink context={context} /> without it (when the dataflow's source
          connection lists the column, PATCH its columns as the message says), {THEN_RETRIGGER}
        </ResyncFix>
      );
    case "INGEST-1212-400":
      return <ThresholdFix context={context} code={error.code} percent={context.flow?.options?.partialIngestionPercent} />;
    case "MAPPER-3700-400":
      return context.committed ? (
        <FixNote code={error.code}>
          download the failed rows below: each row with the reason it failed. The run committed the others and is done: fix these rows in the source table (a later run
          that reads them again ingests them), or <EditMappingLink context={context} /> for the runs to come.
        </FixNote>
      ) : (
        <FixNote code={error.code}>
          download the failed rows below: each row with the reason it failed. Fix them in the source table, or <EditMappingLink context={context} />, {THEN_RETRIGGER}
        </FixNote>
      );
    default:
      return null;
  }
}

/**
 * INGEST-1212-400: more rows failed than the flow accepts, none with partial ingestion off, its error threshold with it on. The
 * threshold is this flow's own option, set here: another dataflow into the same dataset would ingest its rows a second time.
 */
function ThresholdFix({ context, code, percent }: { context: FixContext; code: string; percent?: number }) {
  const cause =
    percent === undefined
      ? "nothing was committed: this dataflow has no partial ingestion, so one failed row fails the whole run."
      : `nothing was committed: this dataflow has partial ingestion, and the run's failed rows were more than its error threshold of ${percent} % of the run's rows.`;
  return (
    <div className="fix" role="group" aria-label={`What to do about ${code}`}>
      <p>
        <strong>In the console:</strong> {cause} Download the failed rows below to see why each row failed, fix them in the source table or <EditMappingLink context={context} />,{" "}
        {THEN_RETRIGGER}
      </p>
      {context.flow && <ThresholdForm context={context} percent={percent} />}
    </div>
  );
}

/** the flow's error threshold set in place, at first the share of the run's rows that failed: the least that lets it commit */
function ThresholdForm({ context, percent }: { context: FixContext; percent?: number }) {
  const [threshold, setThreshold] = useState(() => Math.min(100, Math.max(1, Math.ceil(context.failedPercent ?? DEFAULT_THRESHOLD))));
  const save = useFixAction("threshold", async () => {
    await setPartialIngestion(context.session, context.flowId, threshold);
    return threshold;
  });
  const saved = save.done;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <p>{percent === undefined ? "When some failed rows are acceptable, turn on partial ingestion for this dataflow: the valid rows are ingested and the failed ones kept for download." : "When more failed rows are acceptable, raise this dataflow's error threshold."}</p>
      <label>
        Error threshold (% of a run's rows that may fail)
        <input type="number" min={1} max={100} step={1} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} required />
      </label>
      {saved !== undefined && <p role="status">Saved: this dataflow accepts up to {saved} % failed rows. Re-trigger the run now.</p>}
      <ErrorNote error={save.error} />
      <button type="submit" disabled={save.busy}>
        {save.busy ? "Saving…" : "Save the error threshold"}
      </button>
    </form>
  );
}

/** Monitoring's Edit mapping of the run's flow, which comes back to the run once saved */
function EditMappingLink({ context }: { context: FixContext }) {
  return <a href={monitoringHash({ flowId: context.flowId, runId: context.runId, editing: true })}>edit this dataflow's mapping</a>;
}

function FixNote({ code, children }: { code: string; children: ReactNode }) {
  return (
    <div className="fix" role="group" aria-label={`What to do about ${code}`}>
      <p>
        <strong>In the console:</strong> {children}
      </p>
    </div>
  );
}

/**
 * CONNECTOR-2013-400: new credentials for the flow's account, through the same form as Sources'
 * renewal; what the renewal did with the staging SAS on the account's cluster, when it did something.
 */
function RenewFix({ context }: { context: FixContext }) {
  const [renewing, setRenewing] = useState(false);
  const [renewed, setRenewed] = useState<ClusterUpdate[]>();
  const { connection } = context;
  const code = "CONNECTOR-2013-400";
  if (!connection) return <FixNote code={code}>give the account this flow reads new credentials under Sources (Renew the credentials), {THEN_RETRIGGER}</FixNote>;
  const secret = describeConnection(connection).signsInWith.includes("service principal") ? "client secret" : "access token";
  const done = (clusterUpdates: ClusterUpdate[]) => {
    setRenewing(false);
    setRenewed(clusterUpdates);
    context.onConnectionRenewed();
  };
  return (
    <div className="fix" role="group" aria-label={`What to do about ${code}`}>
      <p>
        <strong>In the console:</strong> enter a new {secret} for the account {connection.name} (or, when it lacks a permission the run needs, grant that in the
        workspace), {THEN_RETRIGGER}
      </p>
      {renewed && (
        <p role="status">
          The service checked the new {secret} with the workspace and kept it for {connection.name}:{" "}
          {renewed.some((u) => u.status === "updated") ? "re-trigger the run now, or, when the cluster restarts to read the staging SAS (below), once it is RUNNING again." : "re-trigger the run now."}
        </p>
      )}
      {renewed && renewed.length > 0 && <ClusterUpdatesNotice updates={renewed} after="opt-in" />}
      {renewing ? (
        <RenewCredentials session={context.session} connection={connection} onRenewed={done} onCancel={() => setRenewing(false)} />
      ) : (
        <button type="button" onClick={() => setRenewing(true)}>
          Enter a new {secret} for {connection.name}…
        </button>
      )}
    </div>
  );
}

/** What a resync does after each error it is the way out of (docs/api/dataflows.md#enable-disable-resync). */
const AFTER_RESYNC: Record<string, string> = {
  // the change feed no longer reaches back
  "CONNECTOR-2002-400": "its oldest window not yet ingested reads the whole table again, as upserts, and deletes the keys the table no longer has",
  // the table was dropped and created again
  "CONNECTOR-2015-400":
    "it starts over on the new table: a change-data dataflow's next window reads it whole, as upserts, deleting the keys it no longer has; another dataflow's reads the new table's rows in its window, without late rows",
  // a shared table's files in Spark's legacy calendar
  "CONNECTOR-2018-400": "once the data provider has rewritten the rows the message names, as it says: the next window reads the shared table whole again",
  // RESTORE TABLE to a version before the last one ingested
  "CONNECTOR-2016-400":
    "its next window reads the restored table's rows in its window, without late rows, so the rows the restore brought back are not ingested twice (rows dated before the window added since the last run are read by no window)",
};

/** Resync the flow, then re-trigger: the way out of a change feed gap, a replaced table or a restored one; `children` say when, where it is one way of several. */
function ResyncFix({ context, code, children }: { context: FixContext; code: string; children?: ReactNode }) {
  const resync = useFixAction("resync", async () => {
    await flowAction(context.session, context.flowId, "resync");
    return true;
  });
  const resynced = resync.done === true;
  return (
    <div className="fix" role="group" aria-label={`What to do about ${code}`}>
      <p>
        <strong>In the console:</strong> {children ?? <>resync the dataflow ({AFTER_RESYNC[code]}), {THEN_RETRIGGER}</>}
      </p>
      {resynced && <p role="status">Resynced: re-trigger the run now.</p>}
      <ErrorNote error={resync.error} />
      <button type="button" onClick={() => void resync.run()} disabled={resync.busy || resynced}>
        {resync.busy ? "Resyncing…" : "Resync the dataflow"}
      </button>
    </div>
  );
}

/** one action a fix offers: what it answered once done, its error for ErrorNote, and whether it is under way */
function useFixAction<T>(key: string, work: () => Promise<T>) {
  const [done, setDone] = useState<T>();
  const [error, setError] = useState<unknown>();
  const inFlight = useInFlight();
  const run = () =>
    inFlight.run(key, async () => {
      setError(undefined);
      try {
        setDone(await work());
      } catch (caught) {
        setError(caught);
      }
    });
  return { run, done, error, busy: inFlight.busy(key) };
}
