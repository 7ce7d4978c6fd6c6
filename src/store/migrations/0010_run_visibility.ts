import type { Kysely } from "kysely";

/**
 * What GET /runs shows of a run beyond its details: the phase its current (or last) attempt is in
 * and since when, the attempts its worker allows, and its log lines (timestamped, bounded per run).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("runs").addColumn("phase", "varchar(32)").execute();
  await db.schema.alterTable("runs").addColumn("phase_started_at", "bigint").execute();
  await db.schema.alterTable("runs").addColumn("max_attempts", "integer").execute();
  await db.schema
    .createTable("run_log")
    .addColumn("run_id", "varchar(36)", (c) => c.notNull().references("runs.id").onDelete("cascade"))
    // 1, 2, … per run; the oldest lines go once a run holds more than its bound
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    // the attempt the line belongs to (0: before the first, e.g. a re-trigger)
    .addColumn("attempt", "integer", (c) => c.notNull())
    // info | warn | error
    .addColumn("level", "varchar(8)", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("run_log_pk", ["run_id", "seq"])
    .execute();
}
