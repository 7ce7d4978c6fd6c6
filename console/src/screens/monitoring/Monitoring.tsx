import { useEffect, useMemo, useState } from "react";
import type { Session } from "../../api/session";
import { AutoRefreshContext, REFRESH_CHOICES } from "./auto-refresh";
import { AutoRefreshControl } from "./AutoRefreshControl";
import { DatasetRows } from "./DatasetRows";
import { EditMapping } from "./EditMapping";
import { monitoringHash, type Selection, selectionInUrl } from "./monitoring-url";
import { FlowRuns } from "./FlowRuns";
import { FlowsTable } from "./FlowsTable";
import { type MonitoringReading, useMonitoringData } from "./monitoring-data";
import { RunDetail } from "./RunDetail";
import { RUN_RANGES, type RunRange } from "./run-range";
import { RunRangeControl } from "./RunRangeControl";

function select(selection: Selection) {
  const hash = monitoringHash(selection);
  if (window.location.hash !== hash) window.location.hash = hash;
}

/**
 * Whether the flow the URL names is one of the sandbox's: "missing" when the flows read have no such
 * flow (a link of another sandbox, a deleted flow); "found" when they have it, or could not be read
 * (the flow's panels then say that failure); undefined until the first reading.
 */
function flowFound({ data, error }: MonitoringReading, flowId: string | undefined): "found" | "missing" | undefined {
  if (!flowId) return undefined;
  if (data) return data.flows.some((flow) => flow.id === flowId) ? "found" : "missing";
  return error ? "found" : undefined;
}

/** Dataflows → a flow's runs → one run, refreshed by polling while shown (at the interval the user picks, or paused); and the flow's dataset read back. */
export function Monitoring({ session }: { session: Session }) {
  const [{ flowId, runId, editing }, setSelection] = useState<Selection>(selectionInUrl);
  useEffect(() => {
    const onHash = () => setSelection(selectionInUrl());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const [everyMs, setEveryMs] = useState(REFRESH_CHOICES[0].everyMs);
  const [asked, setAsked] = useState(0);
  const [lastRefreshed, setLastRefreshed] = useState<number>();
  const [span, setSpan] = useState(RUN_RANGES[0]);
  const refresh = useMemo(() => ({ everyMs, asked, refreshed: () => setLastRefreshed(Date.now()) }), [everyMs, asked]);
  return (
    <section aria-labelledby="monitoring-title">
      <h1 id="monitoring-title">Monitoring</h1>
      <AutoRefreshControl everyMs={everyMs} onEveryMs={setEveryMs} onRefreshNow={() => setAsked((n) => n + 1)} lastRefreshed={lastRefreshed} />
      <RunRangeControl span={span} onSpan={setSpan} />
      <AutoRefreshContext.Provider value={refresh}>
        <MonitoringPanels session={session} selection={{ flowId, runId, editing }} span={span} />
      </AutoRefreshContext.Provider>
    </section>
  );
}

/** The panels, each showing its part of one reading of the flows and runs. */
function MonitoringPanels({ session, selection: { flowId, runId, editing }, span }: { session: Session; selection: Selection; span: RunRange }) {
  const reading = useMonitoringData(session, runId, span.ms);
  const { data, error, reload } = reading;
  /** the mapping version Edit mapping saved, and the run it was opened from: said while that run stays open */
  const [saved, setSaved] = useState<{ flowId: string; runId?: string; version: number }>();
  // an unknown flow has no runs or dataset to read: its panels are not shown
  const found = flowFound(reading, flowId);
  const flowExists = found === "found";
  const flowMissing = found === "missing";
  const flow = data?.flows.find((f) => f.id === flowId);

  return (
    <>
        <FlowsTable session={session} reading={reading} span={span.label} selected={flowId} onSelect={(id) => select({ flowId: id })} />
        {flowId && flowMissing && (
          <div className="panel" role="alert">
            <p className="bad">No dataflow {flowId} in this sandbox ({session.sandbox}).</p>
            <p>
              <a href="#/monitoring">Back to every dataflow</a>
            </p>
          </div>
        )}
        {flowId && flowExists && editing && (
          <EditMapping
            key={`edit-${flowId}`}
            session={session}
            flowId={flowId}
            onCancel={() => select({ flowId, runId })}
            onSaved={(version) => {
              setSaved({ flowId, runId, version });
              select({ flowId, runId });
            }}
          />
        )}
        {flowId && flowExists && !editing && saved?.flowId === flowId && saved.runId === runId && (
          <p className="notice" role="status">
            Mapping version {saved.version} saved: this dataflow's next runs map with it.{runId ? " If the run below failed, Re-trigger run to ingest its rows with it." : ""}
          </p>
        )}
        {flowId && flowExists && !editing && <FlowRuns runs={data?.runsOf.get(flowId)} flow={flow} span={span.label} error={error} selected={runId} onSelect={(id) => select({ flowId, runId: id })} onEditMapping={() => select({ flowId, runId, editing: true })} />}
        {flowId && runId && flowExists && !editing && <RunDetail session={session} selectedFlowId={flowId} runId={runId} open={data?.open?.runId === runId ? data.open : undefined} flow={data?.flows.find((f) => f.id === data.open?.run?.flowId)} reload={reload} />}
        {flow && <DatasetRows key={flow.id} session={session} runs={data?.runsOf.get(flow.id) ?? []} flow={flow} />}
    </>
  );
}
