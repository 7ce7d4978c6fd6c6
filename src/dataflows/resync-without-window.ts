/**
 * A resync no run of the flow could get past. A `once` flow that reads no change feed, whose run at
 * the resync point reads only the rows that appeared since a run that read the whole table, finds
 * those rows by comparing with the version that run read; a resync sets that version aside, so the
 * run would have nothing to compare with and could only fail (the run's own check stays, in
 * src/runs/read-plan.ts). The resync is refused up front instead, saying to use a new flow.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { FlowTable } from "../store/dataflows.table.js";
import { latestRunOfFlow, runOfFlowWindow } from "../store/flows.repository.js";
import type { Store } from "../store/database.js";
import { endOfRunWindow, OPEN_END_MS } from "./windows.js";

/** Throws FLOW-1420-409 when the run a resync from `resyncFrom` starts at would read the rows since a whole-table read. */
export async function refuseResyncWithoutWindow(db: Store["db"], flow: FlowTable, resyncFrom: number, readsChangeFeed: boolean): Promise<void> {
  if (readsChangeFeed || flow.frequency !== "once") return;
  const pending = await runOfFlowWindow(db, flow.id, resyncFrom);
  if (pending) {
    if (pending.window_start !== null && Number(pending.window_start) === OPEN_END_MS) throw Errors.resyncWithoutWindow(flow.id, pending.id);
    return;
  }
  // every window ingested: the next on-demand run continues after the latest
  const latest = await latestRunOfFlow(db, flow.id);
  if (latest && endOfRunWindow(latest) === OPEN_END_MS) throw Errors.resyncWithoutWindow(flow.id, latest.id);
}
