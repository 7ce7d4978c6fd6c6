/** A run's log lines (GET /runs/{id}/logs): timestamped, secrets removed before they are written. */
export interface RunLogTable {
  run_id: string;
  seq: number;
  at: number;
  attempt: number;
  /** info | warn | error */
  level: string;
  message: string;
}
