/**
 * Runs API (docs/api/runs.md): list with property filters, get, on-demand POST /runs, and
 * POST /runs/{id}/action?op=re-trigger.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import { applyListQuery, type ListResult } from "../aep-conventions/listing/page.js";
import type { Caller } from "../aep-conventions/caller.js";
import { isObject, type Json, requireBody } from "../aep-conventions/request-body.js";
import type { Store } from "../store/database.js";
import type { RunTable } from "../store/dataflows.table.js";
import { findFlow } from "../store/flows.repository.js";
import { findRun, insertNextRun, listRuns, retriggerRun } from "../store/runs.repository.js";
import { type HeldBack, runItem } from "./run-details.js";
import { heldBackOfAll, heldBackOfOne } from "./run-held-back.js";
import { runLogBody } from "./run-log.js";

/**
 * AEP's monitoring docs filter on `metrics.statusSummary.status==Failed` while statuses read
 * `failed`: a status is matched in any case.
 */
function statusInAnyCase(filter: PropertyFilter): PropertyFilter {
  const path = filter.path.map((step) => step.name).join(".");
  return path === "metrics.statusSummary.status" ? { ...filter, values: filter.values.map((v) => v.toLowerCase()) } : filter;
}

export class RunService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    /** called when a run becomes claimable, so a worker in this process starts it at once */
    private readonly onQueued: () => void = () => {},
  ) {}

  private item(caller: Caller, run: RunTable, heldBack?: HeldBack): Json & { id: string } {
    return runItem(run, { sandboxId: caller.sandboxId }, heldBack);
  }

  async list(caller: Caller, query: ListQuery): Promise<ListResult<Json & { id: string }>> {
    // the usual list is one flow's runs (docs/api/runs.md#list-runs): narrow it in SQL, the rest in memory
    const flowFilter = query.filters.find((f) => f.op === "==" && f.path.length === 1 && f.path[0].name === "flowId" && !f.path[0].each);
    const rows = await listRuns(this.store.db, caller, flowFilter?.values);
    const heldBack = await heldBackOfAll(this.store.db, rows);
    return applyListQuery(rows.map((run) => this.item(caller, run, heldBack.get(run.id))), { ...query, filters: query.filters.map(statusInAnyCase) });
  }

  async run(caller: Caller, id: string): Promise<RunTable> {
    const run = await findRun(this.store.db, caller, id);
    if (!run) throw Errors.resourceNotFound("runs", id);
    return run;
  }

  async get(caller: Caller, id: string): Promise<Json & { id: string }> {
    const run = await this.run(caller, id);
    return this.item(caller, run, await heldBackOfOne(this.store.db, run));
  }

  /** GET /runs/{id}/logs (docs/api/runs.md#run-logs). */
  async logs(caller: Caller, id: string) {
    return runLogBody(this.store, (await this.run(caller, id)).id);
  }

  /**
   * An on-demand run of a `once` flow with its own window
   * (docs/api/runs.md#start-a-run-on-demand). aepp's createRun sends {"flowId", "status":
   * "active"} without params: that runs the flow's whole table again.
   */
  async create(caller: Caller, body: unknown): Promise<{ id: string; etag: string }> {
    const input = requireBody(body);
    if (typeof input.flowId !== "string" || input.flowId === "") throw Errors.mandatoryFieldMissing("flowId");
    const flow = await findFlow(this.store.db, caller, input.flowId);
    if (!flow) throw Errors.resourceNotFound("flows", input.flowId);
    if (flow.frequency !== "once") throw Errors.runFrequencyNotSupported(flow.id, flow.frequency);
    if (flow.state !== "enabled") throw Errors.flowNotEnabledForRetrigger(flow.id, flow.state);
    const window = this.windowOf(input, flow.body);
    const now = this.now();
    const flowRef = { id: flow.id, imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name };
    for (let attempt = 0; attempt < 5; attempt++) {
      const details = window.deltaColumn ? { deltaColumn: window.deltaColumn } : undefined;
      const row = await insertNextRun(this.store.db, flowRef, { start: window.start, end: window.end, dueAt: now }, details, now);
      if (row) {
        this.onQueued();
        return { id: row.id, etag: row.etag };
      }
    }
    throw Errors.flowRunCreationFailed("concurrent run creation, please retry");
  }

  private windowOf(input: Json, flowBody: string): { start: number | null; end: number | null; deltaColumn?: string } {
    if (input.params === undefined) return { start: null, end: null };
    if (!isObject(input.params)) throw Errors.runParamsInvalid(JSON.stringify(input.params));
    const params = input.params;
    const seconds = (value: unknown, name: string): number | null => {
      if (value === undefined || value === null || value === "") return null;
      const text = String(value).trim();
      if (!/^\d{1,11}$/.test(text)) throw Errors.runParamsInvalid(`${name}=${text}`);
      return Number(text) * 1000;
    };
    const start = seconds(params.windowStartTime, "windowStartTime");
    const end = seconds(params.windowEndTime, "windowEndTime");
    if (start !== null && end !== null && end < start) throw Errors.windowEndBeforeStart(String(params.windowEndTime), String(params.windowStartTime));
    const deltaColumn = isObject(params.deltaColumn) && typeof params.deltaColumn.name === "string" ? params.deltaColumn.name : undefined;
    if ((start !== null || end !== null) && !deltaColumn) throw Errors.runDeltaColumnMissing();
    const copy = (JSON.parse(flowBody).transformations as Json[] | undefined)?.find((t) => String(t.name).toLowerCase() === "copy");
    const flowColumn = isObject(copy?.params) && isObject(copy.params.deltaColumn) ? copy.params.deltaColumn.name : undefined;
    if (deltaColumn && flowColumn && deltaColumn !== flowColumn) throw Errors.runDeltaColumnMismatch();
    return { start, end, deltaColumn };
  }

  /** POST /runs/{id}/action?op=re-trigger: a failed run goes back in the queue, same window. */
  async action(caller: Caller, id: string, op: string): Promise<{ id: string; etag: string }> {
    if (op.toLowerCase() !== "re-trigger" && op.toLowerCase() !== "retrigger") throw Errors.runActionUnsupported(op);
    const run = await this.run(caller, id);
    const flow = await findFlow(this.store.db, caller, run.flow_id);
    if (!flow || flow.state !== "enabled") throw Errors.flowNotEnabledForRetrigger(run.flow_id, flow?.state ?? "deleted");
    if (!(await retriggerRun(this.store.db, id, this.now()))) throw Errors.runStateNotRetriggerable(id, run.status);
    this.onQueued();
    const updated = await this.run(caller, id);
    return { id, etag: updated.etag };
  }
}
