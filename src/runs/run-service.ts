/**
 * Runs API (docs/api/runs.md): list with property filters, get, on-demand POST /runs, and
 * POST /runs/{id}/action?op=re-trigger.
 */
import { Errors, RunErrors } from "../aep-conventions/errors/catalogue.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import type { ListResult } from "../aep-conventions/listing/page.js";
import type { Caller } from "../aep-conventions/caller.js";
import { isObject, type Json, onlyCreateFields, requireBody, requireString } from "../aep-conventions/request-body.js";
import type { Store } from "../store/database.js";
import type { RunTable } from "../store/dataflows.table.js";
import { findFlow, flowIngestion, latestRunOfFlow, runOfFlowWindow, updateFlow } from "../store/flows.repository.js";
import { cancelRun, createScheduledRuns, findRun, findRunById, insertNextRun, pageRuns, retriggerRun } from "../store/runs.repository.js";
import { isWriteConflict } from "../store/database.js";
import { databaseNow } from "../store/database-clock.js";
import type { FlowTable } from "../store/dataflows.table.js";
import { newEtag } from "../aep-conventions/etag.js";
import { deltaColumnOf, withDeltaColumn } from "../dataflows/copy-delta-column.js";
import { CHANGE_FEED_HAS_NO_DELTA_COLUMN } from "../dataflows/flow-references.js";
import { epochSecondsProblem } from "../dataflows/epoch-seconds.js";
import type { DataflowService } from "../dataflows/dataflow-service.js";
import { currentWindow, endOfRunWindow, firstSequence, type Frequency, OPEN_END_MS, type Schedule, windowAt } from "../dataflows/windows.js";
import { type HeldBack, parseDetails, type RunError, runItem } from "./run-details.js";
import { heldBackOfAll, heldBackOfOne } from "./run-held-back.js";
import { CANCELLABLE_PHASES, lineWithChange, runLogBody, type RunPhase } from "./run-log.js";
import { checkTimeFilters } from "./time-filters.js";
import { errorLine } from "./failure-report.js";

/** a run's statuses as its row holds them */
const RUN_STATUSES = ["scheduled", "inProgress", "success", "failed"];

/**
 * AEP's monitoring docs filter on `metrics.statusSummary.status==Failed` while statuses read
 * `failed`: a status is matched in any case (`inprogress` finds `inProgress`).
 */
function statusInAnyCase(filter: PropertyFilter): PropertyFilter {
  const path = filter.path.map((step) => step.name).join(".");
  const stored = (value: string) => RUN_STATUSES.find((status) => status.toLowerCase() === value.toLowerCase()) ?? value;
  return path === "metrics.statusSummary.status" ? { ...filter, values: filter.values.map(stored) } : filter;
}

/** What POST /runs takes: AEP's flowId and params, and aepp's status. */
const RUN_CREATE_FIELDS = ["flowId", "params", "status"];

export class RunService {
  constructor(
    private readonly store: Store,
    /** checks a run's new delta column as flow creation checks one (the source's columns, or the table) */
    private readonly flows: Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">,
    private readonly now: () => number = Date.now,
    /** called when a run becomes claimable, so a worker in this process starts it at once */
    private readonly onQueued: () => void = () => {},
    /** called when a run is cancelled, so a worker in this process holding it stops at once */
    private readonly onCancelled: (run: RunTable) => void = () => {},
  ) {}

  /** `leasesAt`: the database's time, which a run's lease's end is (workerLost); read only when a run is in progress. */
  private item(caller: Caller, run: RunTable, heldBack: HeldBack | undefined, leasesAt: number | undefined): Json & { id: string } {
    return runItem(run, { sandboxId: caller.sandboxId }, heldBack, leasesAt);
  }

  private async leasesAt(runs: readonly RunTable[]): Promise<number | undefined> {
    return runs.some((run) => run.status === "inProgress") ? databaseNow(this.store.db, this.store.capabilities.clockMs) : undefined;
  }

  async list(caller: Caller, query: ListQuery): Promise<ListResult<Json & { id: string }>> {
    checkTimeFilters(query.filters);
    return pageRuns(this.store.db, caller, { ...query, filters: query.filters.map(statusInAnyCase) }, async (rows) => {
      const [heldBack, leasesAt] = await Promise.all([heldBackOfAll(this.store.db, rows), this.leasesAt(rows)]);
      return rows.map((run) => this.item(caller, run, heldBack.get(run.id), leasesAt));
    });
  }

  async run(caller: Caller, id: string): Promise<RunTable> {
    const run = await findRun(this.store.db, caller, id);
    if (!run) throw Errors.resourceNotFound("runs", id);
    return run;
  }

  async get(caller: Caller, id: string): Promise<Json & { id: string }> {
    const run = await this.run(caller, id);
    const [heldBack, leasesAt] = await Promise.all([heldBackOfOne(this.store.db, run), this.leasesAt([run])]);
    return this.item(caller, run, heldBack, leasesAt);
  }

  /** GET /runs/{id}/logs (docs/api/runs.md#run-logs): its newest `limit` lines, oldest first. */
  async logs(caller: Caller, id: string, limit: number) {
    const body = await runLogBody(this.store, (await this.run(caller, id)).id);
    return { ...body, items: body.items.slice(-limit) };
  }

  /**
   * POST /runs (docs/api/runs.md#start-a-run-on-demand): a run of a `once` flow, with a window of
   * the caller's or continuing after the flow's last run; or, beyond AEP, `params.runNow` for a
   * recurring flow, which runs its current window early.
   */
  async create(caller: Caller, body: unknown): Promise<{ id: string; etag: string }> {
    const input = requireBody(body);
    // a misspelt params would be dropped unseen, and the run read another window than the one asked for
    onlyCreateFields(input, RUN_CREATE_FIELDS, "flow run");
    const flowId = requireString(input, "flowId", "flowId");
    checkRunStatus(input.status);
    const params = parseRunParams(input);
    for (let attempt = 0; attempt < 5; attempt++) {
      const flow = await findFlow(this.store.db, caller, flowId);
      if (!flow) throw Errors.resourceNotFound("flows", flowId);
      if (flow.state !== "enabled") throw Errors.flowNotEnabledForRun(flow.id, flow.state);
      const readsChangeFeed = await this.flows.readsChangeFeed({ imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name }, JSON.parse(flow.body) as Json);
      if (readsChangeFeed && params.deltaColumn) throw Errors.paramValueInvalid(params.deltaColumn, "params.deltaColumn.name", CHANGE_FEED_HAS_NO_DELTA_COLUMN);
      const created = params.runNow && flow.frequency !== "once" ? await this.runNow(flow) : await this.onDemand(flow, params, readsChangeFeed);
      if (created) {
        this.onQueued();
        return created;
      }
    }
    throw Errors.flowRunCreationFailed("concurrent run creation, please retry");
  }

  /**
   * A `once` flow's next run, and its delta column patched into the flow's Copy transformation
   * when this run sets it: one transaction, undefined when a concurrent change won (try again).
   */
  private async onDemand(flow: FlowTable, params: RunParams, readsChangeFeed: boolean): Promise<{ id: string; etag: string } | undefined> {
    if (flow.frequency !== "once") throw Errors.runFrequencyNotSupported(flow.id, flow.frequency);
    if (readsChangeFeed) return this.insertRun(flow, await this.changeFeedWindow(flow, params));
    const document = JSON.parse(flow.body) as Json;
    const scope = { imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name };
    const flowColumn = deltaColumnOf(document);
    if (params.deltaColumn && flowColumn && params.deltaColumn !== flowColumn) throw Errors.runDeltaColumnMismatch(params.deltaColumn, flowColumn);
    const deltaColumn = params.deltaColumn ?? flowColumn;
    // checked before anything else (a wrong column is what to fix first) and before anything is saved: once patched in, the column is the flow's
    if (params.deltaColumn && !flowColumn) await this.flows.checkRunDeltaColumn(scope, document, params.deltaColumn);
    const window = await this.onDemandWindow(flow, params, deltaColumn);
    const patched = deltaColumn && !flowColumn ? JSON.stringify(withDeltaColumn(document, deltaColumn)) : undefined;
    return this.insertRun(flow, window, window.reads === "whole table" ? undefined : { deltaColumn }, patched);
  }

  /** The run of `window`, and the flow's body replaced by `patchedBody` when given, in one transaction. */
  private insertRun(flow: FlowTable, window: OnDemandWindow, details?: { deltaColumn?: string }, patchedBody?: string): Promise<{ id: string; etag: string } | undefined> {
    const now = this.now();
    const flowRef = { id: flow.id, imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name };
    return this.store.db
      .transaction()
      .execute(async (trx) => {
        if (patchedBody !== undefined) {
          const updated = await updateFlow(trx, flowRef, flow.id, flow.etag, { body: patchedBody, etag: newEtag(now), updated_at: now });
          if (!updated) throw RACE_LOST;
        }
        const row = await insertNextRun(trx, flowRef, { start: window.start, end: window.end, dueAt: now }, details, now);
        // the window was worked out after the flow's latest run: another run in between would overlap it
        if (!row || Number(row.window_seq) !== window.sequence) throw RACE_LOST;
        return { id: row.id, etag: row.etag };
      })
      .catch((error) => {
        if (error === RACE_LOST || isWriteConflict(error)) return undefined;
        throw error;
      });
  }

  /**
   * A change-data-capture flow's run reads by version, not by time: its first run the table's
   * latest version whole, each later one the change feed since the version of the flow's last
   * successful run (src/runs/change-read.ts). So it takes no window and no delta column.
   */
  private async changeFeedWindow(flow: FlowTable, params: RunParams): Promise<OnDemandWindow> {
    if (params.start !== null || params.end !== null) {
      const [given, property] = params.start !== null ? [params.start, "params.windowStartTime"] : [params.end!, "params.windowEndTime"];
      throw Errors.paramValueInvalid(
        String(given / 1000),
        property,
        `${CHANGE_FEED_HAS_NO_WINDOW}; leave windowStartTime and windowEndTime out to read the changes since the flow's last run`,
      );
    }
    const last = await latestRunOfFlow(this.store.db, flow.id);
    if (params.fullReload) await this.requireNothingIngested(flow, true);
    return { sequence: last ? Number(last.window_seq) + 1 : 0, start: null, end: null, reads: "whole table" };
  }

  /**
   * Which rows the run reads. The flow's first run: its window, or the whole table. A later run
   * continues after the end of the flow's last window ([end, now), and the rows that arrived
   * behind it since), or takes a window of its own that starts there or later: windows only move
   * forward, so no row is read twice. A full reload only while the flow has put nothing in its
   * dataset: it would append a second copy.
   */
  private async onDemandWindow(flow: FlowTable, params: RunParams, deltaColumn: string | undefined): Promise<OnDemandWindow> {
    const last = await latestRunOfFlow(this.store.db, flow.id);
    const sequence = last ? Number(last.window_seq) + 1 : 0;
    if (params.fullReload) {
      await this.requireNothingIngested(flow, false, deltaColumn !== undefined);
      return { sequence, start: null, end: null, reads: "whole table" };
    }
    const bounded = params.start !== null || params.end !== null;
    if (bounded && !deltaColumn) throw Errors.runDeltaColumnMissing();
    if (!last) return { sequence, start: params.start, end: params.end, reads: bounded || deltaColumn ? "window" : "whole table" };
    if (!deltaColumn) throw Errors.runContinuationNeedsDeltaColumn(flow.id, last.id, (await flowIngestion(this.store.db, flow.id)).rows === 0);
    const lastEnd = endOfRunWindow(last);
    if (!bounded) return { sequence, start: lastEnd, end: Math.max(lastEnd, this.now()), reads: "window" };
    if (params.start === null || params.start < lastEnd) {
      const given = params.start === null ? "(none)" : String(params.start / 1000);
      if (lastEnd === OPEN_END_MS) {
        // a read of every row has no end a window could start at: every window would read some of its rows again
        throw Errors.paramValueInvalid(
          given,
          "params.windowStartTime",
          `The flow's run ${last.id} read every row of the table, so no window of the delta column can follow it: any window would read rows that are in the dataset already. Leave windowStartTime and windowEndTime out (with deltaColumn ${deltaColumn}) to read only the rows that appeared in the table since that run, or read this window into a new dataset with a new flow`,
        );
      }
      throw Errors.paramValueInvalid(
        given,
        "params.windowStartTime",
        `The flow's run ${last.id} read the rows before ${new Date(lastEnd).toISOString()}; a window may not start before that, or rows would be read twice. Start the window at ${lastEnd / 1000} or later, or leave the window out to continue after that run`,
      );
    }
    return { sequence, start: params.start, end: params.end, reads: "window" };
  }

  private async requireNothingIngested(flow: FlowTable, readsChangeFeed: boolean, hasDeltaColumn = true): Promise<void> {
    const ingestion = await flowIngestion(this.store.db, flow.id);
    if (ingestion.rows > 0) {
      // without a delta column, leaving fullReload out is refused too (SRC-1383): the column is what to give
      const continuation = hasDeltaColumn
        ? `Leave params.fullReload out to read only the ${readsChangeFeed ? "changes" : "rows"} after the flow's last run.`
        : "To read only the rows after the flow's last run, leave params.fullReload out and give params.deltaColumn (a column whose values grow as rows are written; it then stays the flow's).";
      const resync = readsChangeFeed
        ? ` A change-data-capture flow reads the whole table again, as upserts and deletes of the keys the table no longer has, after a resync: POST /data/foundation/flowservice/flows/${flow.id}/action?op=resync, then create a run without fullReload.`
        : " Or reload into a new dataset with a new flow.";
      throw Errors.flowRunCreationFailed(
        `a full reload of flow ${flow.id} would append a second copy of the ${ingestion.rows} rows its runs already put in the dataset (${ingestion.batches} batches), and this service never replaces a dataset's rows. ${continuation}${resync}`,
      );
    }
    if (ingestion.unfinishedRunId) {
      throw Errors.flowRunCreationFailed(
        `a full reload of flow ${flow.id} would follow its run ${ingestion.unfinishedRunId}, which has not succeeded yet and may still put rows in the dataset. Wait for it to finish (or let it fail), then try again.`,
      );
    }
  }

  /**
   * Beyond AEP: a recurring flow's current window, created now and due now (with any earlier
   * window not yet created), under the same compare-and-set the scheduler uses: the scheduler then
   * goes on with the next window, so the window is still run exactly once and in order.
   */
  private async runNow(flow: FlowTable): Promise<{ id: string; etag: string } | undefined> {
    const now = this.now();
    const schedule = scheduleOf(flow);
    const current = currentWindow(schedule, now);
    const through = nullableNumber(flow.scheduled_through);
    if (through !== null && through >= current.sequence) {
      const existing = await runOfFlowWindow(this.store.db, flow.id, current.sequence);
      const next = windowAt(schedule, current.sequence + 1);
      // the window as its run has it: a period changed since would give it another start
      const [start, end] = existing ? [nullableNumber(existing.window_start), nullableNumber(existing.window_end)] : [current.start, current.end];
      throw Errors.flowRunCreationFailed(
        `the current window ${current.sequence} of flow ${flow.id} [${isoOrOpen(start)}, ${isoOrOpen(end)}) already has its run${existing ? ` ${existing.id} (${existing.status})` : ""}; the next window can run from ${isoOrOpen(next.start)} on.`,
      );
    }
    const first = through === null ? firstSequence(schedule) : through + 1;
    if (current.sequence - first >= MAX_RUN_NOW_WINDOWS) {
      throw Errors.flowRunCreationFailed(`flow ${flow.id} has ${current.sequence - first} earlier windows still to schedule; try again once the scheduler has caught up.`);
    }
    const windows = [];
    for (let sequence = first; sequence < current.sequence; sequence++) windows.push(windowAt(schedule, sequence));
    windows.push({ ...current, dueAt: now });
    const flowRef = { id: flow.id, imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name };
    if ((await createScheduledRuns(this.store.db, flowRef, through, windows, now)) === 0) return undefined;
    const run = await runOfFlowWindow(this.store.db, flow.id, current.sequence);
    const row = run && (await findRunById(this.store.db, run.id));
    return row ? { id: row.id, etag: row.etag } : undefined;
  }

  /**
   * POST /runs/{id}/action?op=re-trigger: a failed run goes back in the queue, same window, to read the table as it is now.
   * op=cancel (beyond AEP): a waiting run, or a running one that has written nothing yet, ends failed (cancel).
   */
  async action(caller: Caller, id: string, op: string): Promise<{ id: string; etag: string }> {
    if (op.toLowerCase() === "cancel") return this.cancel(caller, id);
    if (op.toLowerCase() !== "re-trigger" && op.toLowerCase() !== "retrigger") throw Errors.runActionUnsupported(op);
    const run = await this.run(caller, id);
    const flow = await findFlow(this.store.db, caller, run.flow_id);
    if (!flow || flow.state !== "enabled") throw Errors.flowNotEnabledForRetrigger(run.flow_id, flow?.state ?? "deleted");
    // the failed attempts committed nothing (or one committed and failed before recording its batch:
    // its promotion, kept below, names the version it read, which the run keeps, committed-pin.ts):
    // the run pins the table again, so rows fixed since are read;
    // their errors leave the run (it is no longer failed) for its log, and so do the counts of a
    // batch they recorded (the next attempt records its own); one begun but not recorded keeps its id
    const { pinnedVersion: _pinned, copy: _copy, errors, promotion, ...rest } = parseDetails(run);
    const details = promotion && promotion.completedAt === undefined ? { ...rest, promotion } : rest;
    const now = this.now();
    const line = lineWithChange(this.store, "info", () => retriggeredLine(run, caller, errors ?? []), now);
    if (!(await retriggerRun(this.store.db, id, now, details, line))) throw Errors.runStateNotRetriggerable(id, run.status, run.flow_id, scheduleOf(flow).frequency !== "once");
    this.onQueued();
    const updated = await this.run(caller, id);
    return { id, etag: updated.etag };
  }

  /**
   * A run cancelled: `failed` at once with CONNECTOR-2019-400 naming who cancelled it, the worker holding it stopping at its next
   * step (its export on the cluster cancelled). Its window is not lost: re-triggered, it runs again; a later window waits for it as
   * for any failed one. A run writing its window to the dataset (mapping, committing) is not cancelled: it ends in moments.
   */
  private async cancel(caller: Caller, id: string): Promise<{ id: string; etag: string }> {
    const run = await this.run(caller, id);
    const flow = await findFlow(this.store.db, caller, run.flow_id);
    const now = this.now();
    const failure = RunErrors.cancelled(caller.clientId, now, run.flow_id, id, flow !== undefined && scheduleOf(flow).frequency !== "once");
    // an earlier attempt that reached the promotion may have committed the window without recording its batch (committed-window.ts):
    // the run finishes from that commit, so it is not cancelled as one that wrote nothing
    const detailsOf = (current: string | null) => {
      const details = parseDetails({ details: current });
      return details.promotion === undefined ? { ...details, errors: [failure.toRunError()] } : undefined;
    };
    const line = lineWithChange(this.store, "warn", () => `cancelled by ${caller.clientId}: ${failure.message}`, now);
    if (!(await cancelRun(this.store.db, id, now, detailsOf, CANCELLABLE_PHASES, line))) {
      // as the run is now: it may have ended, or begun writing, since it was read
      const latest = (await findRunById(this.store.db, id)) ?? run;
      // an attempt writing now recorded its promotion itself: only one left by an earlier attempt is that attempt's
      const writingNow = latest.status === "inProgress" && latest.phase !== null && !CANCELLABLE_PHASES.includes(latest.phase as RunPhase);
      throw Errors.runNotCancellable(id, latest.status, latest.phase ?? undefined, !writingNow && parseDetails(latest).promotion !== undefined);
    }
    const updated = await this.run(caller, id);
    this.onCancelled(updated);
    return { id, etag: updated.etag };
  }
}

const RACE_LOST = Symbol("a concurrent change won");
const CHANGE_FEED_HAS_NO_WINDOW =
  "A change-data-capture flow (its source connection has cdcEnabled) reads the table's change data feed by version, from the version after its last run's, so it takes no time window";
/** "Run now" creates the windows a flow has not scheduled yet up to the current one: at most this many at once. */
const MAX_RUN_NOW_WINDOWS = 500;

interface RunParams {
  start: number | null;
  end: number | null;
  deltaColumn?: string;
  fullReload: boolean;
  runNow: boolean;
}

interface OnDemandWindow {
  /** the window number the run takes: the one after the flow's latest run */
  sequence: number;
  start: number | null;
  end: number | null;
  /** "whole table": the pinned version, every row; "window": by the delta column */
  reads: "whole table" | "window";
}

/** POST /runs `params`: AEP's (startTime is taken and not used: a run starts when a worker is free) and ours */
const RUN_PARAM_KEYS = ["startTime", "windowStartTime", "windowEndTime", "deltaColumn", "fullReload", "runNow"];

/**
 * A run's status is its progress, never the request's: only aepp's createRun's constant
 * `"status": "active"` is taken (and changes nothing).
 */
function checkRunStatus(status: unknown): void {
  if (status === undefined || status === "active") return;
  throw Errors.paramValueInvalid(
    JSON.stringify(status),
    "status",
    'A run cannot be created with a status: it is queued, and its status follows its progress. Leave status out (aepp\'s "active" is also accepted)',
  );
}

/** POST /runs `params`: AEP's window (epoch seconds) and deltaColumn, and ours, fullReload and runNow. aepp sends none. */
function parseRunParams(input: Json): RunParams {
  if (input.params === undefined) return { start: null, end: null, fullReload: false, runNow: false };
  if (!isObject(input.params)) throw Errors.runParamsInvalid(JSON.stringify(input.params));
  const params = input.params;
  for (const key of Object.keys(params)) {
    if (!RUN_PARAM_KEYS.includes(key)) throw Errors.runParamsInvalid(key, `${key} is not a parameter of a run; the parameters are ${RUN_PARAM_KEYS.join(", ")}`);
  }
  const seconds = (value: unknown, name: string): number | null => {
    if (value === undefined || value === null || value === "") return null;
    // a number or its text: String() would read [1704067200] as the number and show {} as [object Object]
    const text = typeof value === "number" || typeof value === "string" ? String(value).trim() : "";
    if (!/^-?\d+$/.test(text)) throw Errors.runParamsInvalid(`${name}=${text || JSON.stringify(value)}`, `${name} is in epoch seconds, a whole number such as 1704067200`);
    const outOfRange = epochSecondsProblem(Number(text), name);
    // rows dated before 1970 are read by a window without a start
    const older = Number(text) < 0 && name === "windowStartTime" ? "; leave windowStartTime out to read every row before windowEndTime, however old" : "";
    if (outOfRange) throw Errors.runParamsInvalid(`${name}=${text}`, outOfRange + older);
    return Number(text) * 1000;
  };
  const flag = (name: string): boolean => {
    const value = params[name];
    if (value === undefined || value === false || value === "false") return false;
    if (value === true || value === "true") return true;
    throw Errors.runParamsInvalid(`${name}=${JSON.stringify(value)}`, `${name} must be a boolean (true or false)`);
  };
  const start = seconds(params.windowStartTime, "windowStartTime");
  const end = seconds(params.windowEndTime, "windowEndTime");
  if (start !== null && end !== null && end < start) throw Errors.windowEndBeforeStart(String(params.windowEndTime), String(params.windowStartTime));
  const deltaColumn = isObject(params.deltaColumn) && typeof params.deltaColumn.name === "string" && params.deltaColumn.name !== "" ? params.deltaColumn.name : undefined;
  const fullReload = flag("fullReload");
  const runNow = flag("runNow");
  if ((fullReload || runNow) && (start !== null || end !== null)) {
    throw Errors.runParamsInvalid(`${fullReload ? "fullReload" : "runNow"} with windowStartTime/windowEndTime: a full reload reads the whole table and run now the current window, so neither takes a window of its own`);
  }
  if (fullReload && runNow) throw Errors.runParamsInvalid("fullReload with runNow");
  return { start, end, deltaColumn, fullReload, runNow };
}

function scheduleOf(flow: FlowTable): Schedule {
  return {
    startTime: Number(flow.start_time),
    frequency: flow.frequency as Frequency,
    interval: flow.interval,
    backfill: Number(flow.backfill) === 1,
    anchor: flow.anchor_seq === null || flow.anchor_time === null ? undefined : { sequence: Number(flow.anchor_seq), time: Number(flow.anchor_time) },
  };
}

/** The log's record of the lifetime a re-trigger ends: the run's start and end leave its row, not its log. */
function retriggeredLine(run: RunTable, caller: Caller, errors: readonly RunError[]): string {
  const [started, ended] = [nullableNumber(run.started_at), nullableNumber(run.completed_at)];
  const ran = started === null || ended === null ? "" : `; its attempts above ran from ${new Date(started).toISOString()} to ${new Date(ended).toISOString()}`;
  const failedWith = errors.length ? `; the last failed with ${errors.map(errorLine).join("; ")}` : "";
  return `re-triggered by ${caller.clientId}: its attempts are counted afresh and its run time starts again with its next attempt${ran}${failedWith}`;
}

function isoOrOpen(at: number | null): string {
  return at === null ? "the beginning" : new Date(at).toISOString();
}

function nullableNumber(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}
