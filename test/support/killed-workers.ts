/** Worker processes killed one after another, each at a chosen point of a run it holds. */
import { eventually } from "./blob.js";
import type { StartedProcess } from "./process.js";

/** a worker's "run claimed" log lines: the run, its window, and when (epoch ms, the worker's log's) */
export const claimsIn = (output: string): Array<{ runId: string; window: number; time: number }> =>
  output
    .split("\n")
    .filter((line) => line.includes('"run claimed"'))
    .map((line) => JSON.parse(line) as { runId: string; window: number; time: number });

/**
 * Starts `kills` workers and kills each once it holds a run, `delayMs(kill)` after its claim (by its
 * log's time), until all are killed or `allDone`. A worker takes seconds to start: the next one starts
 * while the one before runs, so that it is ready to take the run over once that one's lease lapses.
 * `alive` is the test's list of processes to stop at its end: each worker is in it while alive.
 * Resolves with the number killed while holding a run; none of them is left alive.
 */
export async function killWorkersMidRun(options: {
  start: () => Promise<StartedProcess>;
  kills: number;
  delayMs: (kill: number) => number;
  allDone: () => Promise<boolean>;
  alive: StartedProcess[];
}): Promise<number> {
  const { start, kills, delayMs, allDone, alive } = options;
  const ours: StartedProcess[] = [];
  const starting = new Set<Promise<StartedProcess>>();
  const startOne = () => {
    const started = start().then((worker) => (alive.push(worker), ours.push(worker), worker));
    starting.add(started);
    started.then(() => starting.delete(started), () => undefined); // a start that fails fails the test where it is awaited
  };
  const forget = (worker: StartedProcess) => {
    for (const list of [alive, ours]) list.splice(list.indexOf(worker), 1);
  };
  startOne();
  let killedMidRun = 0;
  for (let kill = 0; kill < kills; kill++) {
    if (kill + 1 < kills) startOne();
    // a worker alive first (a start has a time limit of its own: on a busy machine it takes seconds)
    while (ours.length === 0 && starting.size > 0) await Promise.race(starting);
    let holder: StartedProcess | undefined;
    await eventually(async () => {
      holder = ours.find((worker) => claimsIn(worker.output()).length > 0);
      return holder !== undefined || (await allDone());
    }, 30_000, 20);
    if (!holder) continue;
    const claimedAt = claimsIn(holder.output()).at(-1)!.time;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, claimedAt + delayMs(kill) - Date.now())));
    killedMidRun++;
    await holder.stop("SIGKILL");
    forget(holder);
  }
  await Promise.all([...starting]);
  for (const idle of [...ours]) {
    await idle.stop("SIGKILL");
    forget(idle);
  }
  return killedMidRun;
}
