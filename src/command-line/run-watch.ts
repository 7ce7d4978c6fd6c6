/**
 * `runs watch <flowId>`: follows the flow's newest run (waiting for its first one) until it ends,
 * showing its status, phase, rows and elapsed time; the exit code is the run's outcome. A flow that
 * does not exist (or no longer does while it waits) is the service's 404, and a disabled one, which
 * makes no runs, is said so: exit 1 for both.
 */
import { FINISHED, type RunView, viewOf } from "./run-shape.js";
import { ApiCallError, FLOW_SERVICE, type PlatformClient } from "./platform-client.js";
import { isoTime, type Terminal } from "./output.js";

export const EXIT_SUCCESS = 0;
export const EXIT_RUN_FAILED = 1;

export interface WatchOptions {
  intervalMs: number;
  json: boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function watchFlowRun(client: PlatformClient, flowId: string, terminal: Terminal, options: WatchOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  let shown = "";
  for (;;) {
    const run = await newestRun(client, flowId);
    // no run (yet): the flow must exist and be enabled, else there is nothing to wait for (and either may change while we wait)
    const flow = run ? undefined : runnableFlow(await requireFlow(client, flowId), flowId);
    if (run && FINISHED.has(run.status)) {
      if (terminal.rewrite && shown) terminal.out("");
      report(terminal, run, options.json);
      return run.status === "success" ? EXIT_SUCCESS : EXIT_RUN_FAILED;
    }
    const line = run ? progressLine(run, now() - (run.createdAt ?? started)) : waitingLine(flowId, flow, now() - started);
    if (!options.json && line !== shown) {
      (terminal.rewrite ?? terminal.out)(line);
      shown = line;
    }
    await sleep(options.intervalMs);
  }
}

/**
 * The flow exists in the sandbox, else "flow <id> not found: <the AEP message>", the ApiCallError
 * every command exits 1 with: a runs filter on an unknown flow id matches nothing, which alone
 * would read as "no runs yet" (or a wait for a first run that never comes).
 */
export async function requireFlow(client: PlatformClient, flowId: string): Promise<FlowView> {
  const path = `${FLOW_SERVICE}/flows/${encodeURIComponent(flowId)}`;
  try {
    const answer = await client.get<{ items?: FlowView[] }>(path);
    return answer.items?.[0] ?? {};
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 404) {
      throw new ApiCallError(`flow ${flowId} not found${error.message.slice(`GET ${path}`.length)}`, 404);
    }
    throw error;
  }
}

/** What `runs watch` reads of a flow while it waits for the flow's first run. */
interface FlowView {
  state?: string;
  scheduleParams?: { startTime?: number | string; frequency?: string };
}

/** A disabled flow makes no runs: waiting for one would never end. */
function runnableFlow(flow: FlowView, flowId: string): FlowView {
  if (flow.state === "disabled") {
    throw new ApiCallError(
      `flow ${flowId} is disabled, so it makes no runs to watch: enable it (databricks-source flows enable ${flowId}), then watch again`,
      409,
    );
  }
  return flow;
}

function waitingLine(flowId: string, flow: FlowView | undefined, waitedMs: number): string {
  const startsAt = isoTime(Number(flow?.scheduleParams?.startTime) * 1000);
  const schedule = startsAt ? `, its schedule starts at ${startsAt}` : "";
  return `waiting for the first run of flow ${flowId}${schedule} (${seconds(waitedMs)})`;
}

async function newestRun(client: PlatformClient, flowId: string): Promise<RunView | undefined> {
  const answer = await client.get<{ items?: unknown[] }>(`${FLOW_SERVICE}/runs?property=${encodeURIComponent(`flowId==${flowId}`)}&orderby=-createdAt&limit=1`);
  const [run] = answer.items ?? [];
  return run === undefined ? undefined : viewOf(run);
}

/** One line of the live display: status, phase, attempt (and when the next starts), why it waits, rows, elapsed. */
export function progressLine(run: RunView, elapsedMs: number): string {
  const parts = [`run ${run.id} ${run.status}`];
  if (run.phase) parts.push(run.phase);
  if (run.attempt && run.maxAttempts && (run.attempt > 1 || run.nextAttemptAt !== undefined)) {
    parts.push(`attempt ${run.attempt} of ${run.maxAttempts}${run.nextAttemptAt !== undefined ? `, next at ${isoTime(run.nextAttemptAt)}` : ""}`);
  }
  if (run.heldBack) parts.push(`held back: ${run.heldBack}`);
  parts.push(rows(run), seconds(elapsedMs));
  return parts.join(" · ");
}

function report(terminal: Terminal, run: RunView, json: boolean): void {
  if (json) {
    terminal.out(JSON.stringify(run, null, 2));
    return;
  }
  terminal.out(`run ${run.id} ${run.status} · ${rows(run)}`);
  for (const error of run.errors) terminal.out(`  ${error}`);
}

function rows(run: RunView): string {
  if (run.inputRecords === undefined) return "no rows yet";
  return `${run.inputRecords} read, ${run.outputRecords ?? 0} ingested, ${run.failedRecords ?? 0} failed`;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
