import type { Kysely } from "kysely";

/**
 * runs_finished_by_flow_status (flow, status, completed_at) no longer serves any query: a flow's
 * last finished run is read backwards through runs_finished_by_flow (flow, completed_at), and the
 * only plans that still picked it, a flow's unfinished runs when it is deleted and the cascade of
 * that delete, read the flow's runs as cheaply through runs_finished_by_flow. Every claim and
 * finish of a run changes its status, so each wrote an entry into it for nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("runs_finished_by_flow_status").execute();
}
