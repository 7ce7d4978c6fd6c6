/**
 * The sandbox's runs of a span of time (every flow's runs that started, ran or ended within it, with
 * every run waiting to run and the failed runs those wait for), kept up to date by polling without
 * reading them all each time: the first read pages through them, later ones read only the runs
 * updated since (every change the service stores moves a run's updatedAt) — one request for all
 * flows, however many there are. A scheduled run's held-back reason changes with other runs and
 * with its flow, not with the run itself: a flow's scheduled runs are read again when another run of
 * it or its state changed, and all of them at least every half minute — not on every poll, since a
 * flow stuck behind a failed window for a day holds a thousand of them.
 */
import { FLOW_SERVICE, listAll } from "./client";
import type { Run } from "./runs";
import type { Session } from "./session";

/** a change written by a worker whose clock runs behind is still read: each read looks back this far */
const LOOK_BACK_MS = 60_000;
/** the scheduled runs' reasons are read again at least this often, whatever changed */
export const SCHEDULED_REREAD_MS = 30_000;
const PAGE = 1000;

const runsWhere = (...filters: string[]) => `${FLOW_SERVICE}/runs?${filters.map((f) => `property=${encodeURIComponent(f)}&`).join("")}orderby=updatedAt&limit=${PAGE}`;
const SCHEDULED = "metrics.statusSummary.status==scheduled";
const isScheduled = (run: Run) => run.metrics.statusSummary.status === "scheduled";

/** the fields of a flow the history reads */
export interface FlowState {
  id: string;
  state?: string;
}

export class RunHistory {
  private readonly runs = new Map<string, Run>();
  private updatedUpTo?: number;
  private scheduledReadAt = 0;
  /** the failed runs held runs wait for, asked for once each */
  private readonly askedFor = new Set<string>();
  /** each flow's state when its runs were last read */
  private readonly flowStates = new Map<string, string | undefined>();

  constructor(
    session: Session,
    /** the span: runs last updated longer ago are not shown (nor read at first) */
    private readonly spanMs: number,
    private readonly list: (path: string) => Promise<Run[]> = (path) => listAll<Run>(session, path),
    private readonly now: () => number = Date.now,
  ) {}

  /** the runs of each of `flows` as the API now has them, in no particular order */
  async read(flows: readonly FlowState[]): Promise<Map<string, Run[]>> {
    const from = this.now() - this.spanMs;
    if (this.updatedUpTo === undefined) {
      for (const runs of await Promise.all([this.list(runsWhere(`updatedAt>=${from}`)), this.list(runsWhere(SCHEDULED))])) this.keep(runs);
      this.scheduledReadAt = this.now();
    } else {
      const changed = (await this.list(runsWhere(`updatedAt>=${this.updatedUpTo - LOOK_BACK_MS}`))).filter((run) => this.runs.get(run.id)?.updatedAt !== run.updatedAt);
      // a new window's run changes no other run's reason; any other change may, as may its flow's state
      const mayWait = new Set(changed.filter((run) => this.runs.has(run.id) || !isScheduled(run)).map((run) => run.flowId));
      for (const flow of flows) if (this.flowStates.get(flow.id) !== flow.state) mayWait.add(flow.id);
      this.keep(changed);
      if (this.now() - this.scheduledReadAt >= SCHEDULED_REREAD_MS) {
        this.keep(await this.list(runsWhere(SCHEDULED)));
        this.scheduledReadAt = this.now();
      } else {
        await Promise.all([...mayWait].map(async (flowId) => this.keep(await this.list(runsWhere(`flowId==${flowId}`, SCHEDULED)))));
      }
    }
    const waitedFor = await this.readWaitedFor();
    this.forgetOutside(from, waitedFor);
    this.flowStates.clear();
    for (const flow of flows) this.flowStates.set(flow.id, flow.state);
    return this.byFlow(flows);
  }

  /**
   * The failed runs that held runs wait for, read once each (a flow stuck for longer than the span names the run it is stuck
   * behind): their ids.
   */
  private async readWaitedFor(): Promise<Set<string>> {
    const waitedFor = new Set([...this.runs.values()].flatMap((run) => (run.heldBack?.waitingForRunId ? [run.heldBack.waitingForRunId] : [])));
    const missing = [...waitedFor].filter((id) => !this.runs.has(id) && !this.askedFor.has(id));
    await Promise.all(
      missing.map(async (id) => {
        this.askedFor.add(id);
        this.keep(await this.list(runsWhere(`id==${id}`)));
      }),
    );
    return waitedFor;
  }

  /** lets go of the runs the span no longer shows (a page left open for days would hold every run since), which a later change brings back */
  private forgetOutside(from: number, waitedFor: ReadonlySet<string>): void {
    for (const run of this.runs.values()) if (run.updatedAt < from && !isScheduled(run) && !waitedFor.has(run.id)) this.runs.delete(run.id);
  }

  private byFlow(flows: readonly FlowState[]): Map<string, Run[]> {
    const runsOf = new Map(flows.map((flow) => [flow.id, [] as Run[]]));
    for (const run of this.runs.values()) runsOf.get(run.flowId)?.push(run);
    return runsOf;
  }

  private keep(runs: readonly Run[]): void {
    for (const run of runs) {
      // two reads under way at once (a poll and an action's reload): the one answered last may hold the older run
      if ((this.runs.get(run.id)?.updatedAt ?? -Infinity) > run.updatedAt) continue;
      this.runs.set(run.id, run);
      this.updatedUpTo = Math.max(this.updatedUpTo ?? 0, run.updatedAt);
    }
  }
}
