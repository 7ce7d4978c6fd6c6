/** The pieces of a run (AEP's run shape and its documented extensions) the command line shows. */
export interface RunView {
  id: string;
  status: string;
  /** what the run is doing now, when the service says */
  phase?: string;
  /** the attempt under way or last made, of how many, and when the next one starts while it waits to retry */
  attempt?: number;
  maxAttempts?: number;
  nextAttemptAt?: number;
  /** why the run waits, naming the run it waits for */
  heldBack?: string;
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
  const phase = run?.phase?.name;
  return {
    id: String(run.id),
    status: String(summary.status ?? "unknown"),
    phase: typeof phase === "string" ? phase : undefined,
    attempt: typeof run.attempt === "number" ? run.attempt : undefined,
    maxAttempts: typeof run.maxAttempts === "number" ? run.maxAttempts : undefined,
    nextAttemptAt: typeof run.nextAttemptAt === "number" ? run.nextAttemptAt : undefined,
    heldBack: typeof run.heldBack?.message === "string" ? run.heldBack.message : undefined,
    inputRecords: records.inputRecordCount,
    outputRecords: records.outputRecordCount,
    failedRecords: records.failedRecordCount,
    createdAt: typeof run.createdAt === "number" ? run.createdAt : undefined,
    errors: Array.isArray(summary.errors) ? summary.errors.map((e: any) => String(e.message ?? e.code ?? JSON.stringify(e))) : [],
  };
}
