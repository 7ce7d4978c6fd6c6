/**
 * The session time zone (spark.sql.session.timeZone, SET TIME ZONE): DuckDB's TimeZone on the connection a command runs on, so that
 * a timestamp's text is read, its parts taken and date_format written in it, as Spark does; a timestamp is stored and answered as the
 * instant it is either way. A region or a name DuckDB's ICU knows is taken as it is, an offset of whole hours (+08:00, -8, UTC+2) as
 * ICU's Etc/GMT zone of it; other offsets are refused by name.
 */
import { quoteString } from "../sql/spark-types.js";
import { sqlErrors } from "../errors.js";
import { icuZoneName } from "../sql/zone-name.js";
import type { StatementContext } from "./context.js";

export const SESSION_TIME_ZONE = "spark.sql.session.timeZone";

/** the zone a session starts in: the JVM's default on a Databricks cluster */
const DEFAULT_ZONE = "UTC";

/** Sets the connection's TimeZone to `value`'s zone; a zone neither Spark nor DuckDB can resolve is refused as Spark refuses it */
export async function useTimeZone(ctx: StatementContext, value: string): Promise<void> {
  const zone = icuZoneName(value);
  if (zone === undefined) throw sqlErrors.unsupported(`The session time zone '${value}' (offsets of whole hours, and region IDs such as 'America/Los_Angeles', are taken)`);
  try {
    await ctx.conn.run(`SET TimeZone = ${quoteString(zone)}`);
  } catch {
    throw sqlErrors.invalidTimeZone(value);
  }
}

/** The session's time zone (`zone`: the context's or the cluster's setting) on the command's connection */
export async function applyTimeZone(ctx: StatementContext, zone: string | undefined): Promise<void> {
  if (zone !== undefined && zone !== DEFAULT_ZONE) await useTimeZone(ctx, zone);
}
