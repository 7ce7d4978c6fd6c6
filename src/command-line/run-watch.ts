/**
 * `runs watch <flowId>`: follows the flow's newest run (waiting for its first one) until it ends,
 * showing its status, phase, rows and elapsed time; the exit code is the run's outcome. A run that
 * cannot move on by itself ends the watch with what to run: a flow that does not exist (the
 * service's 404), a disabled flow, a run held back behind a failed window (exit 1). A service lost
 * for longer than the retries leaves the outcome unknown: exit 3.
 */
import { FINISHED, type RunView, viewOf } from "./run-shape.js";
import { ApiCallError, FLOW_SERVICE, type PlatformClient, ServiceUnreachable } from "./platform-client.js";
import { isoTime, type Terminal } from "./output.js";

export const EXIT_SUCCESS = 0;
export const EXIT_RUN_FAILED = 1;
/** the service could not be asked (gone, or answering 5xx) for longer than the retries: how the run ends is unknown */
export const EXIT_OUTCOME_UNKNOWN = 3;

/** how long a lost service is asked again before the watch gives up, and how often */
const RETRY_FOR_MS = 10_000;
const RETRY_PAUSE_MS = 1_000;

export interface WatchOptions {
  intervalMs: number;
  json: boolean;
  retryForMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What one look at the flow found: its newest run (the API's item and our view of it), or, with no run yet, the flow. */
interface Look {
  run?: { item: unknown; view: RunView };
  flow?: FlowView;
}

export async function watchFlowRun(client: PlatformClient, flowId: string, terminal: Terminal, options: WatchOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const retryForMs = options.retryForMs ?? RETRY_FOR_MS;
  const started = now();
  const display = liveDisplay(terminal, options.json);
  let lostSince: number | undefined;
  let lastRunId: string | undefined;
  for (;;) {
    let look: Look;
    try {
      look = await lookAt(client, flowId);
      lostSince = undefined;
    } catch (error) {
      if (!(error instanceof ApiCallError)) throw error;
      if (!isTransient(error)) {
        display.end();
        throw error;
      }
      lostSince ??= now();
      if (now() - lostSince >= retryForMs) {
        display.end();
        const which = lastRunId ? `run ${lastRunId}` : `the newest run of flow ${flowId}`;
        terminal.err(`${error.message} (asked again for ${seconds(retryForMs)}): could not tell how ${which} ends; watch again once the service answers`);
        return EXIT_OUTCOME_UNKNOWN;
      }
      await sleep(Math.min(options.intervalMs, RETRY_PAUSE_MS));
      continue;
    }
    const { run, flow } = look;
    if (run) {
      lastRunId = run.view.id;
      if (FINISHED.has(run.view.status)) {
        display.end();
        report(terminal, run, options.json);
        return run.view.status === "success" ? EXIT_SUCCESS : EXIT_RUN_FAILED;
      }
      const stuck = cannotMoveOn(run.view, flowId);
      if (stuck) {
        display.end();
        throw stuck;
      }
      display.show(progressLine(run.view), ` · ${seconds(now() - (startedAtOf(run.item) ?? started))}`);
    } else {
      display.show(waitingLine(flowId, flow), ` (${seconds(now() - started)})`);
    }
    await sleep(options.intervalMs);
  }
}

async function lookAt(client: PlatformClient, flowId: string): Promise<Look> {
  const run = await newestRun(client, flowId);
  // no run (yet): the flow must exist and be enabled, else there is nothing to wait for (and either may change while we wait)
  return run ? { run } : { flow: runnableFlow(await requireFlow(client, flowId), flowId) };
}

/** No answer, or the service's own failure (a proxy's 502, a 503 while it restarts): may pass, so asked again. */
function isTransient(error: ApiCallError): boolean {
  return error instanceof ServiceUnreachable || (error.status !== undefined && error.status >= 500);
}

/**
 * The live display: on a terminal, one line rewritten whenever it changes (its elapsed time too);
 * elsewhere (a file, a pipe, CI's log), a new line only when something besides the elapsed time changed.
 */
function liveDisplay(terminal: Terminal, json: boolean) {
  let shown: string | undefined;
  let live = false;
  return {
    show(what: string, elapsed: string) {
      if (json) return;
      const line = `${what}${elapsed}`;
      if (terminal.rewrite) {
        if (line !== shown) terminal.rewrite(line);
        shown = line;
        live = true;
      } else if (what !== shown) {
        terminal.out(line);
        shown = what;
      }
    },
    /** ends the rewritten line, so what follows starts on a line of its own */
    end() {
      if (live) terminal.out("");
      live = false;
      shown = undefined;
    },
  };
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

/**
 * A run held back by what only a person can change (docs/api/runs.md#held-back-runs): an earlier
 * window that failed, or its flow disabled. One behind a window still going (earlierWindowPending) moves on by itself.
 */
function cannotMoveOn(run: RunView, flowId: string): ApiCallError | undefined {
  const heldBack = run.heldBack;
  if (heldBack?.reason === "flowDisabled") {
    return new ApiCallError(`run ${run.id} waits because flow ${flowId} is disabled: enable it (databricks-source flows enable ${flowId}), then watch again`, 409);
  }
  if (heldBack?.reason === "earlierWindowFailed" && heldBack.waitingForRunId) {
    const failed = heldBack.waitingForRunId;
    // the flow disabled as well: both are needed
    const enable = heldBack.flowState === "disabled" ? ` and enable flow ${flowId} (databricks-source flows enable ${flowId})` : "";
    return new ApiCallError(
      `run ${run.id} waits for run ${failed} of an earlier window, which failed (a flow's windows run in order): re-trigger it (databricks-source runs retrigger ${failed})${enable}, then watch again`,
      409,
    );
  }
  return undefined;
}

function waitingLine(flowId: string, flow: FlowView | undefined): string {
  const startsAt = isoTime(Number(flow?.scheduleParams?.startTime) * 1000);
  const schedule = startsAt ? `, its schedule starts at ${startsAt}` : "";
  return `waiting for the first run of flow ${flowId}${schedule}`;
}

async function newestRun(client: PlatformClient, flowId: string): Promise<Look["run"]> {
  const answer = await client.get<{ items?: unknown[] }>(`${FLOW_SERVICE}/runs?property=${encodeURIComponent(`flowId==${flowId}`)}&orderby=-createdAt&limit=1`);
  const [item] = answer.items ?? [];
  return item === undefined ? undefined : { item, view: viewOf(item) };
}

/**
 * When the run started (its durationSummary): a re-triggered run starts again with its next
 * attempt, so neither its creation nor its failed attempts count; undefined until it starts.
 */
function startedAtOf(item: unknown): number | undefined {
  const startedAt = Number((item as { metrics?: { durationSummary?: { startedAtUTC?: unknown } } }).metrics?.durationSummary?.startedAtUTC);
  return startedAt > 0 ? startedAt : undefined;
}

/** The reasons a run waits that pass without anyone doing anything (docs/api/runs.md#held-back-runs). */
const MOVES_ON_BY_ITSELF = new Set(["workerLost", "earlierWindowPending"]);

/** The live line but its elapsed time: status, phase, attempt (and when the next starts), why it waits, rows. */
export function progressLine(run: RunView): string {
  const parts = [`run ${run.id} ${run.status}`];
  if (run.phase) parts.push(run.phase);
  if (run.attempt && run.maxAttempts && (run.attempt > 1 || run.nextAttemptAt !== undefined)) {
    parts.push(`attempt ${run.attempt} of ${run.maxAttempts}${run.nextAttemptAt !== undefined ? `, next at ${isoTime(run.nextAttemptAt)}` : ""}`);
  }
  // a run waiting for its next attempt: why the last one failed
  if (run.nextAttemptAt !== undefined && run.errors.length > 0) parts.push(`attempt ${run.attempt} failed: ${run.errors[0]}`);
  // a wait that ends by itself (a lost worker's lease running out, an earlier window still going) is no hold a person must lift
  if (run.heldBack) parts.push(`${MOVES_ON_BY_ITSELF.has(run.heldBack.reason ?? "") ? "waiting" : "held back"}: ${run.heldBack.message}`);
  parts.push(rows(run));
  return parts.join(" · ");
}

/** The run's end: its line and errors, or with --json the run item as the API answered it. */
function report(terminal: Terminal, run: NonNullable<Look["run"]>, json: boolean): void {
  if (json) {
    terminal.out(JSON.stringify(run.item, null, 2));
    return;
  }
  terminal.out(`run ${run.view.id} ${run.view.status} · ${rows(run.view)}`);
  for (const error of run.view.errors) terminal.out(`  ${error}`);
}

function rows(run: RunView): string {
  if (run.inputRecords === undefined) return "no rows yet";
  return `${run.inputRecords} read, ${run.outputRecords ?? 0} ingested, ${run.failedRecords ?? 0} failed`;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
