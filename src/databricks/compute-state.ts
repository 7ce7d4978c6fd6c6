/** What a wait for a cluster or a SQL warehouse to run tells as it goes: the states it sees, and a start it makes. */
export type OnComputeState = (seen: ComputeStateSeen) => void | Promise<void>;

export interface ComputeStateSeen {
  state: string;
  /** the workspace's words on the state, when it gives any */
  message?: string;
  /** the compute was stopped and has just been started */
  started: boolean;
}

/** onState told once per state (and start): polls seeing the same state again are not reported again */
export function stateReporter(onState: OnComputeState | undefined): (seen: ComputeStateSeen) => Promise<void> {
  let last: string | undefined;
  return async (seen) => {
    const key = `${seen.state}/${seen.started}`;
    if (key === last) return;
    last = key;
    await onState?.(seen);
  };
}

/** a state seen as a run's log says it: `cluster c1 is TERMINATED (Inactive for 120 minutes): started it, waiting for RUNNING` */
export function computeStateLine(compute: string, seen: ComputeStateSeen): string {
  return `${compute} is ${seen.state}${seen.message ? ` (${seen.message})` : ""}: ${seen.started ? "started it, waiting for RUNNING" : "waiting for RUNNING"}`;
}
