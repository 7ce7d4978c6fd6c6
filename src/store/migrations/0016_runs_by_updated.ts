import type { Kysely } from "kysely";

/**
 * GET /runs?orderby=updatedAt (or -updatedAt), of the sandbox or of one flow, reads one page
 * through an index in that order, as the default order does through runs_by_sandbox_created and
 * runs_by_flow_created (0011): without them it read and sorted every run of the sandbox (0.26–0.33 s
 * on PostgreSQL, 1.2 s on SQLite, over a million runs) or of the flow. Every claim, finish, lease
 * renewal and phase change writes updated_at, so each writes an entry into both (and a renewal is
 * no longer a HOT update); the cost measured is in docs/scaling.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("runs_by_sandbox_updated").on("runs").columns(["ims_org_id", "sandbox_name", "updated_at", "id"]).execute();
  await db.schema.createIndex("runs_by_flow_updated").on("runs").columns(["ims_org_id", "sandbox_name", "flow_id", "updated_at", "id"]).execute();
}
