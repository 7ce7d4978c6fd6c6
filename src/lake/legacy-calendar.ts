/**
 * Spark's legacy hybrid calendar in Parquet (docs/decisions.md, "Dates before 1582 and Spark's legacy calendar"). Spark 3 writes a
 * date or timestamp in the Julian calendar when `spark.sql.parquet.datetimeRebaseModeInWrite` (for
 * INT96 timestamps `spark.sql.parquet.int96RebaseModeInWrite`) is LEGACY, and marks the file's footer;
 * Spark 2 always did, marking nothing but its version. A reader that ignores the mark, as DuckDB does,
 * reads such a value days off. Only values before the calendars meet move: dates before 1582-10-15,
 * and timestamps before 1900-01-01T00:00:00Z in some session time zones. Those are the lines Spark's
 * own EXCEPTION mode draws, and the lines drawn here.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ancientValueCondition, datesAndTimestamps, describeQuery, GREGORIAN_DATES_FROM, parseDuckDbType, quoteIdent, quoteLiteral, SparkCalendarKeys } from "../delta/index.js";

/** Thrown when staged files written in the legacy calendar hold values it shifted: nothing is ingested. */
export class LegacyCalendarError extends Error {}

/** What fixes files a cluster exported in the legacy calendar. */
const CLUSTER_REMEDY =
  "Set spark.sql.parquet.datetimeRebaseModeInWrite and spark.sql.parquet.int96RebaseModeInWrite to CORRECTED in the Spark config of the cluster that wrote them " +
  "(the export asks for CORRECTED in its own session, which this cluster refused or overrode), then run the flow again.";

/**
 * Refuses the staged files when one Spark wrote in its legacy calendar holds a date or timestamp that
 * calendar shifts: read as they are, those values would land days off. Files without the mark, and
 * marked files whose values all lie past the lines, are read as they are.
 */
export async function refuseLegacyCalendarValues(conn: DuckDBConnection, files: readonly string[], remedy = CLUSTER_REMEDY): Promise<void> {
  const marked = await legacyMarkedFiles(conn, files);
  if (marked.length === 0) return;
  const read = `read_parquet([${marked.map(quoteLiteral).join(", ")}], union_by_name = true)`;
  const columns = await describeQuery(conn, `SELECT * FROM ${read}`);
  const checks = columns.flatMap(({ name, type }) => {
    const condition = ancientValueCondition(quoteIdent(name), parseDuckDbType(type), datesAndTimestamps);
    return condition ? [{ name, condition }] : [];
  });
  if (checks.length === 0) return;
  const counts = (await conn.runAndReadAll(`SELECT ${checks.map((c, i) => `count(*) FILTER (WHERE ${c.condition})::BIGINT AS c${i}`).join(", ")} FROM ${read}`)).getRowObjectsJson()[0] as Record<string, string>;
  const shifted = checks.filter((_, i) => Number(counts[`c${i}`]) > 0).map((c) => c.name);
  if (shifted.length === 0) return;
  throw new LegacyCalendarError(
    `The Parquet files this window read carry Spark's legacy-calendar mark, and their ${shifted.length === 1 ? "column" : "columns"} ${shifted.join(", ")} ` +
      `${shifted.length === 1 ? "holds" : "hold"} dates before ${GREGORIAN_DATES_FROM} or timestamps before 1900-01-01T00:00:00Z, which that (Julian) calendar moves by days; ` +
      `nothing of this window was written, so no value landed shifted. ${remedy}`,
  );
}

/** The files whose footer marks Spark's legacy calendar, or names a Spark before 3.0 (which wrote nothing else). */
async function legacyMarkedFiles(conn: DuckDBConnection, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const rows = (
    await conn.runAndReadAll(
      `SELECT file_name, decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata([${files.map(quoteLiteral).join(", ")}]) ` +
        `WHERE decode(key) IN (${Object.values(SparkCalendarKeys).map(quoteLiteral).join(", ")})`,
    )
  ).getRowObjectsJson() as Array<{ file_name: string; key: string; value: string }>;
  const marked = new Set(rows.filter((r) => r.key !== SparkCalendarKeys.version || /^[0-2]\./.test(r.value)).map((r) => r.file_name));
  return files.filter((file) => marked.has(file));
}
