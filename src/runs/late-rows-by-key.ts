/**
 * A window's late rows (docs/api/runs.md#late-rows) found through a text key of each row, as SQL
 * that Spark (cluster, SQL warehouse) and DuckDB (Delta Sharing) both run: the rows before the
 * window's start that the pinned version holds more often than the previous one, as EXCEPT ALL
 * would find them, but each row read back as the table holds it.
 *
 * EXCEPT ALL is not used where a value would not survive it: a set operation groups its rows by
 * their values, and both engines group floating-point values as numbers, -0.0 with 0.0 (Spark
 * normalizes them before grouping), so a row whose only change is the sign of a zero would look
 * unchanged, and a late row's -0.0 would come back as 0.0. Spark also refuses set operations over a
 * MAP (or a VARIANT). A row's text keeps every value distinct (see the dialects' rowText) and the
 * rows returned are the pinned version's own, never a grouping's.
 */
import type { ChangeSqlDialect } from "./net-changes.js";

export interface LateRowSqlDialect extends ChangeSqlDialect {
  /** the join keeping the left side's rows that have no match on the right */
  antiJoin: string;
}

/**
 * The rows of `added` (the pinned version's rows before the window's start) that `earlier` (the
 * previous version's, with the same `keyColumns`) has no copy of: each row is keyed by the text of its `keyColumns` (the columns
 * the flow writes: a change to another column is not a late row, docs/api/runs.md#late-rows), its
 * copies numbered per key on both sides; a copy the previous version has no match for is a late
 * row, so a duplicate added once is read once.
 */
export function lateRowsByKey(dialect: LateRowSqlDialect, columns: readonly string[], added: string, earlier: string, keyColumns: readonly string[] = columns): string {
  const names = columns.map(dialect.quote).join(", ");
  const key = dialect.rowText(keyColumns);
  const copies = (rows: string, kept: string) =>
    `SELECT ${kept}_late_row_key, row_number() OVER (PARTITION BY _late_row_key ORDER BY _late_row_key) AS _late_row_copy ` +
    `FROM (SELECT ${kept}${key} AS _late_row_key FROM (${rows}) AS read_rows) AS keyed`;
  return (
    `SELECT ${names} FROM (${copies(added, `${names}, `)}) AS added ` +
    `${dialect.antiJoin} (${copies(earlier, "")}) AS earlier ` +
    `ON added._late_row_key = earlier._late_row_key AND added._late_row_copy = earlier._late_row_copy`
  );
}
