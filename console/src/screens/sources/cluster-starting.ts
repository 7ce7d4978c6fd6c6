import { ApiError } from "../../api/client";

/**
 * The state of a cluster that refused a call because it is starting by itself (PENDING, or RESTARTING
 * as after the service put the staging SAS into its Spark config), from the error's report
 * (`clusterState`); undefined for any other error.
 * Such a call succeeds once the cluster is RUNNING, without anyone doing anything.
 */
export function startingClusterState(error: unknown): "PENDING" | "RESTARTING" | undefined {
  return refusingState(error, ["PENDING", "RESTARTING"] as const);
}

/** the cluster's state the error's report gives (`clusterState`), when it is one of `states`; undefined for any other error */
function refusingState<S extends string>(error: unknown, states: readonly S[]): S | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const state = error.report.clusterState;
  return states.find((s) => s === state);
}

/** The error to show while a call is made again: a starting cluster's stays up (no flicker of its note), any other is cleared. */
export const keptWhileStarting = (previous: unknown): unknown => (startingClusterState(previous) ? previous : undefined);

/**
 * The state of a cluster that refused a call because it is stopped (TERMINATED, as after its auto-termination, or TERMINATING), from
 * the error's report; undefined for any other error. Nothing starts it by itself: the console offers to.
 */
export function stoppedClusterState(error: unknown): "TERMINATED" | "TERMINATING" | undefined {
  return refusingState(error, ["TERMINATED", "TERMINATING"] as const);
}
