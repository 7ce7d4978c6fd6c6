import { useEffect, useState } from "react";
import { startStoppedCluster } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { startingClusterState, stoppedClusterState } from "./cluster-starting";

/** how often a call refused by a starting cluster is made again */
const STARTING_RETRY_MS = 3000;

/** A call refused by a starting cluster, made again: the cluster's state, when the next try goes, and how many were refused. */
export interface StartingRetry {
  state: "PENDING" | "RESTARTING";
  /** epoch ms of the next try */
  nextTryAt: number;
  /** the tries the starting cluster refused so far */
  refused: number;
}

/**
 * While `error` is a cluster's refusal because it is starting by itself, calls `retry` every few
 * seconds (each failure is a new error, which schedules the next); gives that retrying's state.
 */
export function useRetryWhileStarting(error: unknown, retry: () => void): StartingRetry | undefined {
  const state = startingClusterState(error);
  const [next, setNext] = useState<{ at: number; refused: number }>();
  useEffect(() => {
    if (!state) return setNext(undefined);
    setNext((previous) => ({ at: Date.now() + STARTING_RETRY_MS, refused: (previous?.refused ?? 0) + 1 }));
    const timer = window.setTimeout(retry, STARTING_RETRY_MS);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, error]);
  if (!state) return undefined;
  // the render before the effect's: the first refusal, its try to come
  return { state, nextTryAt: next?.at ?? Date.now() + STARTING_RETRY_MS, refused: next?.refused ?? 1 };
}

/** What a screen waits for while the cluster starts: `what` (the tables are listed, …) once it is RUNNING; and when it asks again. */
export function ClusterStartingNote({ starting, what }: { starting: StartingRetry; what: string }) {
  return (
    <>
      <p className="busy" role="status" data-testid="cluster-starting">
        The cluster is {starting.state === "RESTARTING" ? "restarting (as it does after the service put the staging SAS into it)" : "starting"}: {what} once it is RUNNING, which
        takes a few minutes on Databricks.
      </p>
      <NextTryCountdown starting={starting} />
    </>
  );
}

/** The seconds until the next try, counted down (not a live region: a screen reader is not told each second). */
function NextTryCountdown({ starting: { nextTryAt, refused } }: { starting: StartingRetry }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => tick((n) => n + 1), 250);
    return () => window.clearInterval(timer);
  }, []);
  // read at each render, not kept from the last tick: a new nextTryAt shows its own count at once
  const seconds = Math.ceil((nextTryAt - Date.now()) / 1000);
  return (
    <p className="hint" data-testid="cluster-next-try">
      Asked {refused} {refused === 1 ? "time" : "times"} so far; {seconds > 0 ? `asking again in ${seconds} s.` : "asking again now…"}
    </p>
  );
}

/**
 * A call's error, where its account's cluster is stopped (nothing starts it by itself) said in console words with a button that starts
 * it and waits until it runs (the service's explore with autoStart=true), after which `onStarted` makes the call again; any other error
 * as it is.
 */
export function ClusterErrorNote({ session, connectionId, error, onStarted }: { session: Session; connectionId?: string; error: unknown; onStarted: () => void }) {
  const [starting, setStarting] = useState(false);
  const [failed, setFailed] = useState<unknown>();
  const state = stoppedClusterState(error);
  if (!state || !connectionId) return <ErrorNote error={error} />;
  const start = async () => {
    setStarting(true);
    setFailed(undefined);
    try {
      await startStoppedCluster(session, connectionId);
      onStarted();
    } catch (caught) {
      setFailed(caught);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div data-testid="cluster-stopped">
      <p className={starting ? "busy" : "error"} role={starting ? "status" : "alert"}>
        {starting
          ? "Starting the cluster, and waiting until it runs: a few minutes on Databricks."
          : `The account's cluster is stopped (${state}): start it here (or in Databricks), and the console asks again once it runs.`}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void start()} disabled={starting}>
          {starting ? "Starting the cluster…" : "Start the cluster"}
        </button>
      </div>
      <ErrorNote error={failed} />
    </div>
  );
}
