/**
 * The export's calendar (docs/decisions.md, "Dates before 1582 and Spark's legacy calendar"): the
 * cluster is asked to write dates and timestamps as they are, in the proleptic Gregorian calendar
 * every reader of the staged files uses. Spark 3's default (EXCEPTION) fails the whole export on a
 * date before 1582-10-15 or a timestamp before 1900, and LEGACY moves those values to the Julian calendar.
 */
import type { DatabricksSqlError } from "../databricks/errors.js";
import { RunErrors, type RunFailure } from "../aep-conventions/errors/catalogue.js";

const CORRECTED_SETTINGS = {
  "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED",
  "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED",
} as const;

/** What the export's context is set to before it writes, and the run log's line when the cluster refuses one. */
export function exportCalendarSettings(warn: (line: string) => Promise<void>) {
  return {
    settings: CORRECTED_SETTINGS,
    onSettingRefused: (key: string, error: Error) =>
      warn(`the cluster refused SET ${key}=CORRECTED (${error.message}): dates before 1582-10-15 and timestamps before 1900 are written as the cluster's own setting says`),
  };
}

/** The run's failure when the cluster refused to write an ancient date or timestamp (its rebase mode EXCEPTION), else undefined. */
export function ancientDatetimeRefusal(error: DatabricksSqlError): RunFailure | undefined {
  const text = `${error.summary} ${error.causeText ?? ""}`;
  if (!/WRITE_ANCIENT_DATETIME|RebaseModeInWrite/.test(text)) return undefined;
  return RunErrors.legacyCalendar(
    `The cluster refused to write a date before 1582-10-15 or a timestamp before 1900-01-01T00:00:00Z to the staging container (${error.summary}). ` +
      `The export asks for spark.sql.parquet.datetimeRebaseModeInWrite and spark.sql.parquet.int96RebaseModeInWrite = CORRECTED in its session, which this cluster refused or overrode: ` +
      `set both to CORRECTED in the cluster's Spark config, then re-trigger the run.`,
  );
}
