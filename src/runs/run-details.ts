/**
 * What a run records as it goes (the `details` JSON of its row) and how a run looks on the wire
 * (docs/api/runs.md#the-run-item: metrics with duration/size/record/file/status summaries,
 * copyActivity with its window, promotionActivity with the batch).
 */
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { RunTable } from "../store/dataflows.table.js";
import type { RunError } from "../aep-conventions/errors/catalogue.js";
import { COPY_PHASES } from "./run-log.js";
import type { ExportCommand } from "./export-command.js";

export type { RunError };

export interface RunDetails {
  /** an on-demand run's own delta column (POST /runs params.deltaColumn) */
  deltaColumn?: string;
  /** the Delta version of the source table the run read */
  pinnedVersion?: number;
  /** the source table's Delta table id (DESCRIBE DETAIL `id`) when the version was pinned; absent on runs recorded before it was kept, and for Delta Sharing */
  sourceTableId?: string;
  /** the export: `folder` is the attempt's own staging folder, the only one it reads (staged-files.ts) */
  copy?: { startedAt: number; completedAt?: number; files: number; bytes: number; folder?: string };
  /** the workspace's command or statement of the export in flight; the next attempt cancels one an interrupted attempt left (export-command.ts) */
  exportCommand?: ExportCommand;
  promotion?: {
    startedAt: number;
    completedAt?: number;
    /** false when too many rows failed and nothing was written (absent on runs recorded before it was kept) */
    committed?: boolean;
    batchId?: string;
    /** the pinned version (and table id) the promoted rows were read at: kept by a re-trigger, for a commit its batch missed (committed-pin.ts) */
    readVersion?: number;
    readTableId?: string;
    inputRecords: number;
    outputRecords: number;
    failedRecords: number;
    outputBytes: number;
    outputFiles: number;
  };
  errors?: RunError[];
  sourceConnectionId?: string;
  targetConnectionId?: string;
}

/** The sandbox a run belongs to, as the store's scoped reads and the landing zone take it. */
export const runSandbox = (run: Pick<RunTable, "ims_org_id" | "sandbox_name">): CallerSandbox => ({ imsOrgId: run.ims_org_id, sandboxName: run.sandbox_name });

export function parseDetails(run: Pick<RunTable, "details">): RunDetails {
  return run.details ? (JSON.parse(run.details) as RunDetails) : {};
}

/** Why a scheduled run is not claimed although it is due, or why a run in progress is not going (docs/api/runs.md#held-back-runs). */
export interface HeldBack {
  reason: "earlierWindowFailed" | "earlierWindowPending" | "flowDisabled" | "workerLost";
  message: string;
  /** the run of the flow's earlier window this one waits for */
  waitingForRunId?: string;
  /** earlierWindowFailed: the flow's state when it is not enabled either, so that both must be done */
  flowState?: string;
  /** workerLost: since when no worker holds it (its lease ran out), epoch ms */
  since?: number;
}

/** A run in progress whose lease ran out: its worker died or stalled, and no worker holds it until one claims it again. */
function workerLostOf(run: RunTable, now: number): HeldBack | undefined {
  const expiredAt = run.lease_expires_at === null ? null : Number(run.lease_expires_at);
  if (run.status !== "inProgress" || expiredAt === null || expiredAt >= now) return undefined;
  const attempt = `attempt ${run.attempts}${run.max_attempts ? ` of ${run.max_attempts}` : ""}`;
  const next =
    run.max_attempts && run.attempts >= run.max_attempts
      ? "no attempt is left, so the next worker to look ends it failed (re-trigger it then)"
      : "it waits for a worker to resume it with its next attempt";
  return {
    reason: "workerLost",
    since: expiredAt,
    message: `${attempt} lost its worker: no worker has held it since ${new Date(expiredAt).toISOString()} (its lease ran out: the worker process died or stalled); ${next}`,
  };
}

/** What an activity did: beyond AEP's statuses, `notRun` for one the run ended before reaching. */
type ActivityStatus = "scheduled" | "inProgress" | "success" | "failed" | "notRun";

/**
 * Each activity's status from where the run's (last) attempt got to: the copy covers the cluster
 * wait, the pinned version and the export; the promotion the download, mapping and commit.
 */
function activityStatuses(run: RunTable, details: RunDetails): { copy: ActivityStatus; promotion: ActivityStatus } {
  // runs recorded before phases were kept tell it by their details; a new attempt has no phase for a moment
  const promotionReached = run.phase ? !COPY_PHASES.has(run.phase) : run.status !== "inProgress" && details.promotion !== undefined;
  switch (run.status) {
    case "success":
      return { copy: details.copy || details.promotion?.batchId ? "success" : "notRun", promotion: "success" };
    case "failed":
      return promotionReached ? { copy: "success", promotion: "failed" } : { copy: "failed", promotion: "notRun" };
    case "inProgress":
      return promotionReached ? { copy: "success", promotion: "inProgress" } : { copy: "inProgress", promotion: "scheduled" };
    default:
      return { copy: "scheduled", promotion: "scheduled" };
  }
}

/** Beyond AEP: attempt, next attempt, phase and why it waits (docs/api/runs.md#where-a-run-is). */
function progressOf(run: RunTable, given: HeldBack | undefined, now: number) {
  const heldBack = given ?? workerLostOf(run, now);
  const retrying = run.status === "scheduled" && run.attempts > 0;
  const phaseShown = run.phase && run.phase_started_at !== null && run.phase_started_at !== undefined && run.status !== "success" && run.attempts > 0;
  return {
    attempt: run.attempts,
    ...(run.max_attempts ? { maxAttempts: run.max_attempts } : {}),
    ...(retrying ? { nextAttemptAt: Number(run.due_at) } : {}),
    ...(phaseShown ? { phase: { name: run.phase, startedAt: Number(run.phase_started_at) } } : {}),
    ...(heldBack ? { heldBack } : {}),
  };
}

export function runItem(run: RunTable, audit: { sandboxId: string; createdBy?: string; createdClient?: string }, heldBack?: HeldBack, now = Date.now()) {
  const details = parseDetails(run);
  const status = run.status;
  const activityStatus = activityStatuses(run, details);
  const promotion = details.promotion;
  // the batch a run keeps for its retries is named once recorded (promotion completed): before, GET /catalog/batches/{id} knows it not
  const recordedBatch = promotion?.completedAt !== undefined ? promotion.batchId : undefined;
  const copy = details.copy;
  // an activity that failed ended when its run did, whatever it recorded (a cancel ends it from outside)
  const endedAt = (recorded: number | undefined, activity: ActivityStatus) => recorded ?? (activity === "failed" ? numberOr(run.completed_at) : 0);
  const errors = details.errors ?? [];
  const activityRefs = ["copyActivity", "promotionActivity"];
  return {
    id: run.id,
    flowId: run.flow_id,
    etag: run.etag,
    createdAt: Number(run.created_at),
    updatedAt: Number(run.updated_at),
    createdBy: audit.createdBy ?? "system",
    updatedBy: audit.createdBy ?? "system",
    createdClient: audit.createdClient ?? "scheduler",
    updatedClient: audit.createdClient ?? "scheduler",
    sandboxId: audit.sandboxId,
    sandboxName: run.sandbox_name,
    imsOrgId: run.ims_org_id,
    providerRefId: run.id,
    ...progressOf(run, heldBack, now),
    metrics: {
      durationSummary: { startedAtUTC: numberOr(run.started_at), completedAtUTC: numberOr(run.completed_at) },
      sizeSummary: { inputBytes: copy?.bytes ?? 0, outputBytes: promotion?.outputBytes ?? 0 },
      recordSummary: {
        inputRecordCount: promotion?.inputRecords ?? 0,
        outputRecordCount: promotion?.outputRecords ?? 0,
        failedRecordCount: promotion?.failedRecords ?? 0,
      },
      fileSummary: { inputFileCount: copy?.files ?? 0, outputFileCount: promotion?.outputFiles ?? 0, activityRefs },
      statusSummary: { status, errors, activityRefs },
    },
    activities: [
      {
        id: "copyActivity",
        updatedAtUTC: endedAt(copy?.completedAt, activityStatus.copy) || (copy?.startedAt ?? 0),
        durationSummary: {
          startedAtUTC: copy?.startedAt ?? 0,
          completedAtUTC: endedAt(copy?.completedAt, activityStatus.copy),
          extensions: { windowStart: numberOr(run.window_start), windowEnd: numberOr(run.window_end) },
        },
        statusSummary: {
          status: activityStatus.copy,
          extensions: { type: run.trigger === "on-demand" ? "one-time" : "scheduled", sequence: Number(run.window_seq) },
        },
        sourceInfo: details.sourceConnectionId
          ? [{ id: details.sourceConnectionId, type: "SourceConnection", reference: { type: "DeltaVersion", ids: details.pinnedVersion === undefined ? [] : [String(details.pinnedVersion)] } }]
          : [],
      },
      {
        id: "promotionActivity",
        updatedAtUTC: endedAt(promotion?.completedAt, activityStatus.promotion) || (promotion?.startedAt ?? 0),
        durationSummary: { startedAtUTC: promotion?.startedAt ?? 0, completedAtUTC: endedAt(promotion?.completedAt, activityStatus.promotion) },
        recordSummary: {
          inputRecordCount: promotion?.inputRecords ?? 0,
          outputRecordCount: promotion?.outputRecords ?? 0,
          failedRecordCount: promotion?.failedRecords ?? 0,
        },
        statusSummary: {
          status: activityStatus.promotion,
          extensions: {
            ...(promotion?.batchId && promotion.failedRecords > 0
              ? { manifest: { failedRecords: `/data/foundation/export/batches/${promotion.batchId}/meta?path=row_errors` } }
              : {}),
            errors: errors.filter((e) => e.code.startsWith("MAPPER") || e.code.startsWith("INGEST")),
          },
        },
        targetInfo: details.targetConnectionId
          ? [{ id: details.targetConnectionId, type: "TargetConnection", reference: { type: "Batch", ids: recordedBatch ? [recordedBatch] : [] } }]
          : [],
      },
    ],
  };
}

function numberOr(value: number | string | null): number {
  return value === null ? 0 : Number(value);
}
