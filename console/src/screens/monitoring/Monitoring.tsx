import { useState } from "react";
import type { Session } from "../../api/session";
import { FlowRuns } from "./FlowRuns";
import { FlowsTable } from "./FlowsTable";
import { RunDetail } from "./RunDetail";

/** Dataflows → a flow's runs → one run, refreshed by polling while shown. */
export function Monitoring({ session }: { session: Session }) {
  const [flowId, setFlowId] = useState<string | undefined>(() => new URLSearchParams(window.location.hash.split("?")[1]).get("flow") ?? undefined);
  const [runId, setRunId] = useState<string>();

  return (
    <section aria-labelledby="monitoring-title">
      <h1 id="monitoring-title">Monitoring</h1>
      <FlowsTable session={session} selected={flowId} onSelect={(id) => (setFlowId(id), setRunId(undefined))} />
      {flowId && <FlowRuns session={session} flowId={flowId} selected={runId} onSelect={setRunId} />}
      {runId && <RunDetail session={session} runId={runId} />}
    </section>
  );
}
