/**
 * The session time zone (spark.sql.session.timeZone, SET TIME ZONE): DuckDB's TimeZone on the connection a command runs on, so that
 * a timestamp's text is read, its parts taken and date_format written in it, as Spark does; a timestamp is stored and answered as the
 * instant it is either way. A region or a name DuckDB's ICU knows is taken as it is, an offset of whole hours (+08:00, -8, UTC+2) as
 * ICU's Etc/GMT zone of it; other offsets are refused by name.
 */
import { quoteString } from "../sql/spark-types.js";
import { sqlErrors } from "../errors.js";
import type { StatementContext } from "./context.js";

export const SESSION_TIME_ZONE = "spark.sql.session.timeZone";

/** the zone a session starts in: the JVM's default on a Databricks cluster */
const DEFAULT_ZONE = "UTC";

/** DuckDB's name of a Spark session time zone, or undefined for an offset it has no zone of */
function duckZone(value: string): string | undefined {
  const offset = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i.exec(value.trim());
  if (!offset) return value.trim();
  const [, sign, hours, minutes = "00", seconds = "00"] = offset;
  if (minutes !== "00" || seconds !== "00" || Number(hours) > 14) return undefined;
  // Etc/GMT zones are named with the sign turned round (POSIX): +08:00 is Etc/GMT-8
  return Number(hours) === 0 ? "UTC" : `Etc/GMT${sign === "+" ? "-" : "+"}${Number(hours)}`;
}

/** Sets the connection's TimeZone to `value`'s zone; a zone neither Spark nor DuckDB can resolve is refused as Spark refuses it */
export async function useTimeZone(ctx: StatementContext, value: string): Promise<void> {
  const zone = duckZone(value);
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
