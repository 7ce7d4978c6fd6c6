/**
 * Why a due run waits (docs/api/runs.md#held-back-runs): a flow's windows run one at a time and in
 * order, and only while the flow is enabled, so a scheduled run behind an unfinished earlier
 * window, or of a disabled flow, names what it waits for.
 */
import type { Kysely } from "kysely";
import type { RunTable } from "../store/dataflows.table.js";
import type { Database } from "../store/schema.js";
import { earliestUnfinishedRunBefore, flowStates } from "../store/runs.repository.js";
import type { HeldBack } from "./run-details.js";

export function heldBackOf(run: RunTable, blocker: RunTable | undefined, flowState: string | undefined): HeldBack | undefined {
  if (run.status !== "scheduled") return undefined;
  const disabled = flowState !== undefined && flowState !== "enabled";
  const enable = `flow ${run.flow_id} is ${flowState}: its runs wait until it is enabled again (POST /flows/${run.flow_id}/action?op=enable)`;
  const earlier = blocker && `window ${Number(blocker.window_seq)} (run ${blocker.id})`;
  // a failed window is named even while the flow is disabled: enabling alone would leave its runs waiting
  if (blocker?.status === "failed") {
    const failed = `${earlier} failed: a flow's windows run in order, so this one waits until that run is re-triggered (POST /runs/${blocker.id}/action?op=re-trigger) and succeeds: its error says what to fix before the re-trigger`;
    return disabled
      ? { reason: "earlierWindowFailed", waitingForRunId: blocker.id, flowState, message: `${failed}; and ${enable}` }
      : { reason: "earlierWindowFailed", waitingForRunId: blocker.id, message: failed };
  }
  if (disabled) return { reason: "flowDisabled", message: enable };
  if (!blocker) return undefined;
  return {
    reason: "earlierWindowPending",
    waitingForRunId: blocker.id,
    message: `${earlier} is ${blocker.status}: a flow's windows run in order, so this one runs after it succeeds`,
  };
}

/**
 * The held-back reasons of any runs (a page of a list): one read of the flows' states, and per
 * flow one indexed read of its earliest unfinished window before the latest waiting one.
 */
export async function heldBackOfAll(db: Kysely<Database>, runs: readonly RunTable[]): Promise<Map<string, HeldBack>> {
  const waiting = runs.filter((r) => r.status === "scheduled");
  if (waiting.length === 0) return new Map();
  const latestWaiting = new Map<string, number>();
  for (const run of waiting) latestWaiting.set(run.flow_id, Math.max(latestWaiting.get(run.flow_id) ?? -Infinity, Number(run.window_seq)));
  const [states, earliest] = await Promise.all([
    flowStates(db, [...latestWaiting.keys()]),
    Promise.all([...latestWaiting].map(([flowId, sequence]) => earliestUnfinishedRunBefore(db, flowId, sequence))),
  ]);
  const firstUnfinished = new Map(earliest.filter((r) => r !== undefined).map((r) => [r.flow_id, r]));
  const reasons = new Map<string, HeldBack>();
  for (const run of waiting) {
    const first = firstUnfinished.get(run.flow_id);
    const blocker = first && Number(first.window_seq) < Number(run.window_seq) ? first : undefined;
    const heldBack = heldBackOf(run, blocker, states.get(run.flow_id));
    if (heldBack) reasons.set(run.id, heldBack);
  }
  return reasons;
}

/** The held-back reason of one run, from its flow's earliest unfinished earlier window. */
export async function heldBackOfOne(db: Kysely<Database>, run: RunTable): Promise<HeldBack | undefined> {
  if (run.status !== "scheduled") return undefined;
  const [blocker, states] = await Promise.all([earliestUnfinishedRunBefore(db, run.flow_id, Number(run.window_seq)), flowStates(db, [run.flow_id])]);
  return heldBackOf(run, blocker, states.get(run.flow_id));
}
