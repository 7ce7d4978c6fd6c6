/**
 * What Monitoring's panels show, read in one go at each refresh: the flows, each flow's runs, and
 * the open run with its log. The panels render this one reading, so a run that ends between two
 * requests is never "running" in one panel and "succeeded" in the one beside it.
 */
import { useMemo, useRef, useState } from "react";
import { ApiError, FLOW_SERVICE } from "../../api/client";
import { hasRoute } from "../../api/capabilities";
import { RunHistory } from "../../api/run-history";
import { type Flow, getRun, listFlows, type Run, runLog, type RunLogLine } from "../../api/runs";
import type { Session } from "../../api/session";
import { useMonitoringPolling } from "./auto-refresh";
import { inWindowOrder } from "./run-order";

export interface MonitoringData {
  flows: Flow[];
  /** each flow's runs of the span, oldest window first */
  runsOf: ReadonlyMap<string, Run[]>;
  /** the open run (`runId`), its log where the service keeps logs, or why they could not be read */
  open?: { runId: string; run?: Run; log?: RunLogLine[]; error?: unknown };
}

export interface MonitoringReading {
  /** undefined until the first reading */
  data?: MonitoringData;
  /** why the last reading failed; the panels keep showing the one before */
  error?: unknown;
  /** reads again now, as after an action that changes a flow or a run */
  reload(): Promise<void>;
}

/** Monitoring's data, read at the interval the user picked and on "Refresh now"; `runId`: the open run, `spanMs`: the span of time whose runs are shown (run-range.ts). */
export function useMonitoringData(session: Session, runId: string | undefined, spanMs: number): MonitoringReading {
  const [data, setData] = useState<MonitoringData>();
  const [error, setError] = useState<unknown>();
  // the sandbox's runs of the span, read whole once and then only as they change
  const history = useMemo(() => new RunHistory(session, spanMs), [session, spanMs]);
  // a reload beside a poll: the reading begun last is the one shown
  const begun = useRef(0);
  // the runs the service answered 404 for: not asked for again at every refresh
  const missing = useRef(new Map<string, unknown>());
  const load = async () => {
    const reading = ++begun.current;
    try {
      const read = await readMonitoring(session, history, runId, missing.current);
      if (reading !== begun.current) return true;
      setData(read);
      setError(undefined);
      return true;
    } catch (caught) {
      if (reading === begun.current) setError(caught);
      return false;
    }
  };
  useMonitoringPolling(load, [session, runId, history]);
  return { data, error, reload: async () => void (await load()) };
}

async function readMonitoring(session: Session, history: RunHistory, runId: string | undefined, missing: Map<string, unknown>): Promise<MonitoringData> {
  const gone = runId === undefined ? undefined : missing.get(runId);
  // the log before the runs: a run is never shown behind its own log
  const log = runId && !gone ? await openRunLog(session, runId) : undefined;
  const flows = await listFlows(session);
  const runsOf = new Map([...(await history.read(flows))].map(([flowId, runs]) => [flowId, inWindowOrder(runs)]));
  if (!runId) return { flows, runsOf };
  const open = gone ? { error: gone } : await openRun(session, runsOf, runId);
  if (open.error instanceof ApiError && open.error.status === 404) missing.set(runId, open.error);
  return { flows, runsOf, open: { runId, ...open, ...log } };
}

async function openRunLog(session: Session, runId: string): Promise<{ log?: RunLogLine[]; error?: unknown }> {
  try {
    return (await hasRoute("GET", `${FLOW_SERVICE}/runs/{id}/logs`)) ? { log: await runLog(session, runId) } : {};
  } catch (error) {
    return { error };
  }
}

/** the open run as its flow's runs have it; read by itself when no flow of the sandbox has it (a link to another sandbox's run answers its 404) */
async function openRun(session: Session, runsOf: ReadonlyMap<string, Run[]>, runId: string): Promise<{ run?: Run; error?: unknown }> {
  for (const runs of runsOf.values()) {
    const run = runs.find((r) => r.id === runId);
    if (run) return { run };
  }
  try {
    return { run: await getRun(session, runId) };
  } catch (error) {
    return { error };
  }
}
