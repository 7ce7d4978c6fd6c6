import { ApiError } from "../../api/client";

/**
 * The state of a cluster that refused a call because it is starting by itself (PENDING, or RESTARTING
 * as after the service put the staging SAS into its Spark config), from the error's report
 * (`clusterState`); undefined for any other error.
 * Such a call succeeds once the cluster is RUNNING, without anyone doing anything.
 */
export function startingClusterState(error: unknown): "PENDING" | "RESTARTING" | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const state = error.report.clusterState;
  return state === "PENDING" || state === "RESTARTING" ? state : undefined;
}

/** The error to show while a call is made again: a starting cluster's stays up (no flicker of its note), any other is cleared. */
export const keptWhileStarting = (previous: unknown): unknown => (startingClusterState(previous) ? previous : undefined);
