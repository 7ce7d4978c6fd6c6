import { useEffect } from "react";
import { startingClusterState } from "./cluster-starting";

/** how often a call refused by a starting cluster is made again */
const STARTING_RETRY_MS = 3000;

/**
 * While `error` is a cluster's refusal because it is starting by itself, calls `retry` every few
 * seconds (each failure is a new error, which schedules the next); gives that cluster's state.
 */
export function useRetryWhileStarting(error: unknown, retry: () => void): ReturnType<typeof startingClusterState> {
  const starting = startingClusterState(error);
  useEffect(() => {
    if (!starting) return;
    const timer = window.setTimeout(retry, STARTING_RETRY_MS);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [starting, error]);
  return starting;
}

/** What a screen waits for while the cluster starts: `what` (the tables are listed, …) once it is RUNNING. */
export function ClusterStartingNote({ state, what }: { state: "PENDING" | "RESTARTING"; what: string }) {
  return (
    <p className="busy" role="status" data-testid="cluster-starting">
      The cluster is {state === "RESTARTING" ? "restarting (as it does after the service put the staging SAS into it)" : "starting"}: {what} once it is RUNNING, which
      takes a few minutes on Databricks.
    </p>
  );
}
