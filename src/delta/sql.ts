/** SQL text helpers for DuckDB. Everything interpolated into SQL goes through these. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A string as a SQL literal; DuckDB's parser ends a literal at U+0000, which is written as chr(0) */
export const quoteLiteral = (value: string): string =>
  value.includes("\0") ? `(${value.split("\0").map(quoteLiteral).join(" || chr(0) || ")})` : `'${value.replace(/'/g, "''")}'`;

export const listLiteral = (values: string[]): string => `[${values.map(quoteLiteral).join(", ")}]`;

let counter = 0;
/** A name for a temp table or view that no other call on any connection of this process will reuse. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `__delta_${prefix}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * read_parquet over exact paths: hive partition discovery off (the log, not directory names, owns partition
 * values). Columns unify by name, or, given `fieldIds` (a DuckDB `schema` map), by parquet field id.
 */
export function readParquetSql(paths: string[], options: { filenameColumn?: string; rowNumbers?: boolean; fieldIds?: string } = {}): string {
  const opts = [options.fieldIds ? `schema = ${options.fieldIds}` : "union_by_name = true", "hive_partitioning = false"];
  if (options.filenameColumn) opts.push(`filename = ${quoteLiteral(options.filenameColumn)}`);
  if (options.rowNumbers) opts.push("file_row_number = true");
  return `read_parquet(${listLiteral(paths)}, ${opts.join(", ")})`;
}
