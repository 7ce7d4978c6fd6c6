import { useEffect, useMemo, useState } from "react";
import type { Session } from "../../api/session";
import { AutoRefreshContext, REFRESH_CHOICES } from "./auto-refresh";
import { AutoRefreshControl } from "./AutoRefreshControl";
import { DatasetRows } from "./DatasetRows";
import { FlowRuns } from "./FlowRuns";
import { FlowsTable } from "./FlowsTable";
import { RunDetail } from "./RunDetail";

interface Selection {
  flowId?: string;
  runId?: string;
}

/** the flow and run the URL names (#/monitoring?flow=…&run=…): a selection is a page of history, so Back returns to it */
function selectionInUrl(): Selection {
  const query = new URLSearchParams(window.location.hash.split("?")[1]);
  return { flowId: query.get("flow") ?? undefined, runId: (query.get("flow") && query.get("run")) || undefined };
}

function select({ flowId, runId }: Selection) {
  const query = new URLSearchParams();
  if (flowId) query.set("flow", flowId);
  if (flowId && runId) query.set("run", runId);
  const hash = `#/monitoring${query.size ? `?${query}` : ""}`;
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** Dataflows → a flow's runs → one run, refreshed by polling while shown (at the interval the user picks, or paused); and the flow's dataset read back. */
export function Monitoring({ session }: { session: Session }) {
  const [{ flowId, runId }, setSelection] = useState<Selection>(selectionInUrl);
  useEffect(() => {
    const onHash = () => setSelection(selectionInUrl());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const [everyMs, setEveryMs] = useState(REFRESH_CHOICES[0].everyMs);
  const [asked, setAsked] = useState(0);
  const [lastRefreshed, setLastRefreshed] = useState<number>();
  const refresh = useMemo(() => ({ everyMs, asked, refreshed: () => setLastRefreshed(Date.now()) }), [everyMs, asked]);

  return (
    <section aria-labelledby="monitoring-title">
      <h1 id="monitoring-title">Monitoring</h1>
      <AutoRefreshControl everyMs={everyMs} onEveryMs={setEveryMs} onRefreshNow={() => setAsked((n) => n + 1)} lastRefreshed={lastRefreshed} />
      <AutoRefreshContext.Provider value={refresh}>
        <FlowsTable session={session} selected={flowId} onSelect={(id) => select({ flowId: id })} />
        {flowId && <FlowRuns session={session} flowId={flowId} selected={runId} onSelect={(id) => select({ flowId, runId: id })} />}
        {runId && <RunDetail session={session} runId={runId} />}
        {flowId && <DatasetRows key={flowId} session={session} flowId={flowId} />}
      </AutoRefreshContext.Provider>
    </section>
  );
}
