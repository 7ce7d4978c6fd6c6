/**
 * The database's clock (StoreCapabilities.clockMs) as SQL, and times relative to it. Times that
 * processes on several hosts compare (a run's or a webhook delivery's lease, when a delivery is due)
 * are written and compared by it, never by a process's own clock: the hosts' clocks need not agree.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "./schema.js";

/** The database's clock, epoch milliseconds, as SQL (StoreCapabilities.clockMs). */
export type DatabaseClock = RawBuilder<number>;

/** `ms` after now by the database's clock, as SQL. */
export function clockPlus(clock: DatabaseClock, ms: number): DatabaseClock {
  return sql<number>`${clock} + ${ms}`;
}

/** The database's clock now, epoch milliseconds: to tell, outside a statement, whether a time it wrote (a lease's end) has passed. */
export async function databaseNow(db: Kysely<Database>, clock: DatabaseClock): Promise<number> {
  const { rows } = await sql<{ now: number | string }>`SELECT ${clock} AS now`.execute(db);
  return Number(rows[0].now);
}
