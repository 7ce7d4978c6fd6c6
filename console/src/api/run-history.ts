/**
 * A flow's runs, all of them, kept up to date by polling without reading them all each time: the
 * first read pages through the whole list, later ones only the runs updated since (every change the
 * service stores moves a run's updatedAt) and the scheduled ones, whose held-back reason changes with
 * other runs and with the flow, not with the run itself.
 */
import { FLOW_SERVICE, listAll } from "./client";
import type { Run } from "./runs";
import type { Session } from "./session";

/** a change written by a worker whose clock runs behind is still read: each read looks back this far */
const LOOK_BACK_MS = 60_000;
const PAGE = 1000;

const runsWhere = (...filters: string[]) => `${FLOW_SERVICE}/runs?${filters.map((f) => `property=${encodeURIComponent(f)}`).join("&")}&orderby=updatedAt&limit=${PAGE}`;

export class RunHistory {
  private readonly runs = new Map<string, Run>();
  private updatedUpTo?: number;

  constructor(
    private readonly session: Session,
    readonly flowId: string,
  ) {}

  /** every run of the flow as the API now has it, in no particular order */
  async read(): Promise<Run[]> {
    const ofFlow = `flowId==${this.flowId}`;
    const changed =
      this.updatedUpTo === undefined
        ? await listAll<Run>(this.session, runsWhere(ofFlow))
        : (await Promise.all([listAll<Run>(this.session, runsWhere(ofFlow, `updatedAt>=${this.updatedUpTo - LOOK_BACK_MS}`)), listAll<Run>(this.session, runsWhere(ofFlow, "metrics.statusSummary.status==scheduled"))])).flat();
    for (const run of changed) {
      this.runs.set(run.id, run);
      this.updatedUpTo = Math.max(this.updatedUpTo ?? 0, run.updatedAt);
    }
    return [...this.runs.values()];
  }
}
