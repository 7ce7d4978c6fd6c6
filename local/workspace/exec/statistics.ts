/**
 * ANALYZE TABLE … COMPUTE STATISTICS, as Spark keeps statistics in the catalog: the table's size in bytes and (unless NOSCAN) rows,
 * and for the columns it names (FOR COLUMNS c, … | FOR ALL COLUMNS) their min, max, null count, distinct count and lengths. They
 * describe the table when ANALYZE ran, as in Spark: writes since do not change them. DESCRIBE TABLE EXTENDED shows them.
 */
import { type DeltaType, findField } from "../../../src/delta/index.js";
import type { ColumnStatistics, TableEntry } from "../catalog/metastore.js";
import { sqlErrors } from "../errors.js";
import { emptyResult, type TableResult } from "../results/table-result.js";
import { quoteIdent } from "../sql/spark-types.js";
import type { Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { resolveTable } from "./resolve.js";

/** bytes a value of a fixed-width type takes, Spark's default size for it (avg_col_len and max_col_len) */
const FIXED_WIDTH: Record<string, number> = { byte: 1, short: 2, integer: 4, long: 8, float: 4, double: 8, date: 4, timestamp: 8, timestamp_ntz: 8, boolean: 1 };
const ORDERED = new Set(["byte", "short", "integer", "long", "float", "double", "date", "timestamp", "timestamp_ntz"]);

export async function analyze(ctx: StatementContext, name: Name, columns: "none" | "all" | string[], scan: boolean): Promise<TableResult> {
  const { table, entry, name: full } = resolveTable(ctx, name);
  if (!entry) throw sqlErrors.unsupported("ANALYZE TABLE of a table outside the catalog (a delta.`path` table)");
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  const analyzed =
    columns === "all"
      ? fields.filter((f) => typeof f.type === "string")
      : columns === "none"
        ? []
        : columns.map((c) => {
            const field = findField(fields, c);
            if (!field) throw sqlErrors.unresolvedColumn(c, full);
            if (typeof field.type !== "string") throw sqlErrors.unsupported(`column statistics of ${field.name}, a ${field.type.type} (ANALYZE … FOR COLUMNS takes columns of atomic types)`);
            return field;
          });
  const sizeInBytes = snapshot.files.reduce((n, f) => n + f.size, 0);
  let rows: number | undefined;
  const computed: Record<string, ColumnStatistics> = {};
  if (scan) {
    const relation = await table.scanRelation(ctx.conn, snapshot);
    const measures = analyzed.flatMap((f) => columnMeasures(quoteIdent(f.name), f.type));
    const [row] = (await ctx.conn.runAndReadAll(`SELECT count(*)::VARCHAR${measures.map((m) => `, ${m}`).join("")} FROM ${relation}`)).getRowsJson() as (string | null)[][];
    rows = Number(row[0]);
    analyzed.forEach((f, k) => {
      const [min, max, nulls, distinct, avg, longest] = row.slice(1 + 6 * k, 7 + 6 * k);
      computed[f.name] = { min, max, num_nulls: nulls, distinct_count: distinct, avg_col_len: avg, max_col_len: longest };
    });
  }
  await ctx.parts.metastore.mutate(() => {
    const current = ctx.parts.metastore.findTable(entry.catalog, entry.schema, entry.name)!;
    const columnStats = { ...current.statistics?.columns, ...computed };
    ctx.parts.metastore.updateTable(current, { statistics: { sizeInBytes, ...(rows !== undefined ? { rows } : {}), ...(Object.keys(columnStats).length ? { columns: columnStats } : {}) } });
  });
  return emptyResult();
}

/** SQL (VARCHAR each) of a column's min, max, null count, distinct count, average (rounded up) and largest length */
function columnMeasures(column: string, type: DeltaType): string[] {
  const name = typeof type === "string" ? type : type.type;
  const ordered = ORDERED.has(name) || name.startsWith("decimal");
  const width = FIXED_WIDTH[name] ?? (name.startsWith("decimal") ? (Number(/\((\d+)/.exec(name)?.[1] ?? 38) <= 18 ? 8 : 16) : undefined);
  const length = name === "binary" ? `octet_length(${column})` : `length(${column})`;
  return [
    ordered ? `min(${column})::VARCHAR` : "NULL",
    ordered ? `max(${column})::VARCHAR` : "NULL",
    `(count(*) - count(${column}))::VARCHAR`,
    `count(DISTINCT ${column})::VARCHAR`,
    width !== undefined ? `'${width}'` : `coalesce(ceil(avg(${length}))::BIGINT, 0)::VARCHAR`,
    width !== undefined ? `'${width}'` : `coalesce(max(${length}), 0)::VARCHAR`,
  ];
}

/** DESCRIBE TABLE EXTENDED's Statistics row, where ANALYZE ran: "N bytes[, M rows]" */
export function statisticsRows(entry: TableEntry | undefined): [string, string, string][] {
  const s = entry?.statistics;
  return s ? [["Statistics", `${s.sizeInBytes} bytes${s.rows !== undefined ? `, ${s.rows} rows` : ""}`, ""]] : [];
}

/** what ANALYZE … FOR COLUMNS computed for the column, if it did */
export const columnStatisticsOf = (entry: TableEntry | undefined, column: string): ColumnStatistics | undefined =>
  Object.entries(entry?.statistics?.columns ?? {}).find(([name]) => name.toLowerCase() === column.toLowerCase())?.[1];
