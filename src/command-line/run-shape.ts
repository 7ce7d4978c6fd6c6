/** The pieces of a run (AEP's run shape and its documented extensions) the command line shows. */
import { codeFirst } from "../util/code-first.js";

export interface RunView {
  id: string;
  flowId?: string;
  status: string;
  /** what the run is doing now, when the service says */
  phase?: string;
  /** the attempt under way or last made, of how many, and when the next one starts while it waits to retry */
  attempt?: number;
  maxAttempts?: number;
  nextAttemptAt?: number;
  /** why the run waits (docs/api/runs.md#held-back-runs) */
  heldBack?: { reason?: string; message: string; waitingForRunId?: string; flowState?: string };
  /** undefined until the run has counts: the API answers 0s until its promotion completes */
  inputRecords?: number;
  outputRecords?: number;
  failedRecords?: number;
  createdAt?: number;
  errors: string[];
}

export const FINISHED = new Set(["success", "failed", "cancelled"]);

export function viewOf(run: any): RunView {
  const summary = run?.metrics?.statusSummary ?? {};
  const records = run?.metrics?.recordSummary ?? {};
  const status = String(summary.status ?? "unknown");
  const phase = run?.phase?.name;
  const counted = FINISHED.has(status) || promotionCompleted(run);
  return {
    id: String(run.id),
    flowId: typeof run.flowId === "string" ? run.flowId : undefined,
    status,
    phase: typeof phase === "string" ? phase : undefined,
    attempt: typeof run.attempt === "number" ? run.attempt : undefined,
    maxAttempts: typeof run.maxAttempts === "number" ? run.maxAttempts : undefined,
    nextAttemptAt: typeof run.nextAttemptAt === "number" ? run.nextAttemptAt : undefined,
    heldBack: typeof run.heldBack?.message === "string" ? run.heldBack : undefined,
    inputRecords: counted ? (records.inputRecordCount ?? 0) : undefined,
    outputRecords: counted ? (records.outputRecordCount ?? 0) : undefined,
    failedRecords: counted ? (records.failedRecordCount ?? 0) : undefined,
    createdAt: typeof run.createdAt === "number" ? run.createdAt : undefined,
    errors: Array.isArray(summary.errors) ? summary.errors.map(errorText) : [],
  };
}

/** The promotion records the run's counts when it completes (its completedAtUTC, 0 until then). */
function promotionCompleted(run: any): boolean {
  const promotion = Array.isArray(run?.activities) ? run.activities.find((a: any) => a?.id === "promotionActivity") : undefined;
  return Number(promotion?.durationSummary?.completedAtUTC) > 0;
}

/** an error of a run as a line: its code, then its message (which may begin with its code already: written once) */
function errorText(error: any): string {
  const code = typeof error?.code === "string" ? error.code : undefined;
  const message = typeof error?.message === "string" ? error.message : undefined;
  if (message === undefined) return code ?? JSON.stringify(error);
  return code === undefined ? message : codeFirst(code, message);
}
