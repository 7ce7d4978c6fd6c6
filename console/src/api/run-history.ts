/**
 * A flow's runs, all of them, kept up to date by polling without reading them all each time: the
 * first read pages through the whole list, later ones only the runs updated since (every change the
 * service stores moves a run's updatedAt). A scheduled run's held-back reason changes with other
 * runs and with the flow, not with the run itself: the scheduled runs are read again when another
 * run or the flow's state changed, and at least every half minute — not on every poll, since a flow
 * stuck behind a failed window for a day holds a thousand of them.
 */
import { FLOW_SERVICE, listAll } from "./client";
import type { Run } from "./runs";
import type { Session } from "./session";

/** a change written by a worker whose clock runs behind is still read: each read looks back this far */
const LOOK_BACK_MS = 60_000;
/** the scheduled runs' reasons are read again at least this often, whatever changed */
export const SCHEDULED_REREAD_MS = 30_000;
const PAGE = 1000;

const runsWhere = (...filters: string[]) => `${FLOW_SERVICE}/runs?${filters.map((f) => `property=${encodeURIComponent(f)}`).join("&")}&orderby=updatedAt&limit=${PAGE}`;
const isScheduled = (run: Run) => run.metrics.statusSummary.status === "scheduled";

export class RunHistory {
  private readonly runs = new Map<string, Run>();
  private updatedUpTo?: number;
  private scheduledReadAt = 0;
  private flowState?: string;

  constructor(
    session: Session,
    readonly flowId: string,
    private readonly list: (path: string) => Promise<Run[]> = (path) => listAll<Run>(session, path),
    private readonly now: () => number = Date.now,
  ) {}

  /** every run of the flow as the API now has it, in no particular order; `flowState`: the flow's, when the caller has it */
  async read(flowState?: string): Promise<Run[]> {
    const ofFlow = `flowId==${this.flowId}`;
    if (this.updatedUpTo === undefined) {
      this.keep(await this.list(runsWhere(ofFlow)));
      this.scheduledReadAt = this.now();
    } else {
      const changed = (await this.list(runsWhere(ofFlow, `updatedAt>=${this.updatedUpTo - LOOK_BACK_MS}`))).filter((run) => this.runs.get(run.id)?.updatedAt !== run.updatedAt);
      // a new window's run changes no other run's reason; any other change may
      const othersMayWait = changed.some((run) => this.runs.has(run.id) || !isScheduled(run)) || flowState !== this.flowState;
      this.keep(changed);
      if (othersMayWait || this.now() - this.scheduledReadAt >= SCHEDULED_REREAD_MS) {
        this.keep(await this.list(runsWhere(ofFlow, "metrics.statusSummary.status==scheduled")));
        this.scheduledReadAt = this.now();
      }
    }
    this.flowState = flowState;
    return [...this.runs.values()];
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
