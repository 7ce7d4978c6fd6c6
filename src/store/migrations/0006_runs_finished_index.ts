import type { Kysely } from "kysely";

/** `lastRunDetails` asks for each flow's newest finished run: an index that answers it directly. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("runs_finished_by_flow").on("runs").columns(["flow_id", "completed_at"]).execute();
}
