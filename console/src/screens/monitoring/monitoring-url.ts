/** Monitoring's selection in its URL: a selection is a page of history, so Back returns to it. */
export interface Selection {
  flowId?: string;
  runId?: string;
  /** the flow's mapping is being edited (&edit=mapping) */
  editing?: boolean;
}

/** the flow and run the URL names (#/monitoring?flow=…&run=…): a selection is a page of history, so Back returns to it */
export function selectionInUrl(): Selection {
  const query = new URLSearchParams(window.location.hash.split("?")[1]);
  return { flowId: query.get("flow") ?? undefined, runId: (query.get("flow") && query.get("run")) || undefined, editing: !!query.get("flow") && query.get("edit") === "mapping" };
}

/** Monitoring's URL for a selection: #/monitoring?flow=…&run=…&edit=mapping */
export function monitoringHash({ flowId, runId, editing }: Selection): string {
  const query = new URLSearchParams();
  if (flowId) query.set("flow", flowId);
  if (flowId && runId) query.set("run", runId);
  if (flowId && editing) query.set("edit", "mapping");
  return `#/monitoring${query.size ? `?${query}` : ""}`;
}
