/** Dataflows (docs/api/dataflows.md), what they reference, and their runs (docs/api/runs.md). */
export interface FlowTable {
  id: string;
  ims_org_id: string;
  sandbox_name: string;
  name: string;
  /** enabled | disabled */
  state: string;
  etag: string;
  /** the whole flow entity as the API shows it (JSON) */
  body: string;
  start_time: number;
  frequency: string;
  interval: number;
  backfill: number;
  /** the last window sequence that has a run; only ever moves forward */
  scheduled_through: number | null;
  anchor_seq: number | null;
  anchor_time: number | null;
  /** epoch ms when the flow's next window is due, kept by the scheduler; 0: to be worked out (the default) */
  next_due_at?: number;
  /** sealed JSON of the flow's secrets (webhook secrets), never returned */
  secret: string | null;
  created_at: number;
  updated_at: number;
}

/** Every connection a flow uses (base, source, target): what makes a connection "in use". */
export interface FlowReferenceTable {
  flow_id: string;
  resource_id: string;
}

export interface RunTable {
  id: string;
  flow_id: string;
  ims_org_id: string;
  sandbox_name: string;
  window_seq: number;
  window_start: number | null;
  window_end: number | null;
  due_at: number;
  /** scheduled | inProgress | success | failed */
  status: string;
  /** schedule | on-demand */
  trigger: string;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  started_at: number | null;
  completed_at: number | null;
  etag: string;
  /** run details as JSON: metrics, activities, errors */
  details: string | null;
  delay_notified_at: number | null;
  /** the phase of the current or last attempt (waitingForCluster, pinningVersion, exporting, …) and since when */
  phase?: string | null;
  phase_started_at?: number | null;
  /** the attempts the worker that claimed it allows (RUN_MAX_ATTEMPTS), known from the first claim */
  max_attempts?: number | null;
  /** 1 while the run waits behind a failed window of its flow: kept by the database's triggers (migration 0015), never written here */
  held?: number;
  /** 1 once the run failed or was held: its success releases the flow's later held runs (migration 0015) */
  releases_held?: number;
  created_at: number;
  updated_at: number;
}
