import type { Kysely } from "kysely";

/**
 * Lists page in SQL (list-pages.ts): each list's default order, scope first, so that one page of a
 * sandbox's runs, one flow's runs or a sandbox's flows is an index range read, whatever the
 * table's size. They take over the scope indexes they extend. A flow item's last finished run is
 * found by (flow, status) — by status alone, a planner would walk every finished run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("runs_by_flow_created").on("runs").columns(["ims_org_id", "sandbox_name", "flow_id", "created_at", "id"]).execute();
  await db.schema.createIndex("runs_by_sandbox_created").on("runs").columns(["ims_org_id", "sandbox_name", "created_at", "id"]).execute();
  await db.schema.dropIndex("runs_by_scope").execute();
  await db.schema.createIndex("flows_by_sandbox_created").on("flows").columns(["ims_org_id", "sandbox_name", "created_at", "id"]).execute();
  await db.schema.dropIndex("flows_by_scope").execute();
  await db.schema.createIndex("runs_finished_by_flow_status").on("runs").columns(["flow_id", "status", "completed_at"]).execute();
}
