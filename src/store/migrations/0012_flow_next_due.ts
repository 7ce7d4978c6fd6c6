import type { Kysely } from "kysely";

/**
 * When a flow's next window is due (epoch ms), kept by the scheduler, so that each tick reads the
 * flows that are due through an index instead of every enabled flow. 0 means "work it out at the
 * next tick": what every flow has after this migration, and after a change of its schedule.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("flows").addColumn("next_due_at", "bigint", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex("flows_due").on("flows").columns(["state", "next_due_at"]).execute();
}
