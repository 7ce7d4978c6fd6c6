import type { DuckDBConnection } from "@duckdb/node-api";
import type { ColumnMappingMode, StructField, StructType } from "./types.js";
import { parseDuckDbType, type DuckType } from "./duckdb-types.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { columnId, physicalName, toPhysicalSchema } from "./column-mapping.js";
import { findField } from "./schema.js";
import { logicalExpression } from "./logical-columns.js";
import { normalizePartitionValue, partitionValueSql } from "./partition-values.js";
import { quoteIdent, quoteLiteral, readParquetSql, uniqueName } from "./sql.js";
import { describeQuery } from "./duck.js";
import { type PackedListedRows, packListedRows } from "./listed-rows.js";

/** One read of one data file. A file may occur several times (change data feed reads it per commit). */
export interface ScanFile {
  path: string;
  partitionValues: Record<string, string | null>;
  /** rows to drop (a deletion vector) or the only rows to keep */
  rows?: { mode: "exclude" | "include"; indexes: readonly number[] };
  /** raw values of the extra columns, in `extraColumns` order */
  extras?: (string | null)[];
}

export interface ScanSpec {
  schema: StructType;
  partitionColumns: string[];
  mode: ColumnMappingMode;
  files: ScanFile[];
  /** constant-per-file columns appended after the table columns; `sql` turns the raw VARCHAR into the value */
  extraColumns?: { name: string; sql: (raw: string) => string }[];
  /** columns read from the files as they are (the `_change_type` of change data files) */
  passthroughColumns?: { name: string; type: string }[];
  /** also expose `__delta_file` (the path as given) and `__delta_row` (row index in the file) */
  rowIdentity?: boolean;
}

const FILE_COLUMN = "__delta_file";

/** Creates a temp view yielding the logical rows of `files` and returns its (quoted) name. */
export async function createScanView(conn: DuckDBConnection, spec: ScanSpec, options: { bitStringCapacity?: number } = {}): Promise<string> {
  const view = quoteIdent(uniqueName("scan"));
  const extras = spec.extraColumns ?? [];
  const partitionFields = spec.partitionColumns.map((p) => {
    const field = findField(spec.schema.fields, p);
    if (!field) throw new Error(`partition column ${p} is not in the schema`);
    return field;
  });
  if (spec.files.length === 0) {
    const cols = [
      ...spec.schema.fields.map((f) => `CAST(NULL AS ${deltaTypeToDuckDb(f.type)}) AS ${quoteIdent(f.name)}`),
      ...extras.map((e) => `${e.sql("CAST(NULL AS VARCHAR)")} AS ${quoteIdent(e.name)}`),
      ...(spec.passthroughColumns ?? []).map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`),
      ...(spec.rowIdentity ? [`CAST(NULL AS VARCHAR) AS ${FILE_COLUMN}`, `CAST(NULL AS BIGINT) AS __delta_row`] : []),
    ];
    await conn.run(`CREATE TEMP VIEW ${view} AS SELECT ${cols.join(", ")} WHERE false`);
    return view;
  }

  const fieldIds = spec.passthroughColumns?.length ? null : fieldIdSchema(spec, partitionFields);
  const readFiles = (paths: string[]) => readParquetSql(paths, { filenameColumn: FILE_COLUMN, rowNumbers: true, ...(fieldIds ? { fieldIds } : {}) });
  const distinctPaths = [...new Set(spec.files.map((f) => f.path))];
  const fileColumns = (await describeQuery(conn, `SELECT * FROM ${readFiles(distinctPaths)}`)).map((c) => ({ name: c.name, type: parseDuckDbType(c.type) }));

  const occurrences = quoteIdent(uniqueName("files"));
  const pvCols = partitionFields.map((_, i) => `p${i} VARCHAR`);
  const exCols = extras.map((_, i) => `x${i} VARCHAR`);
  await conn.run(`CREATE TEMP TABLE ${occurrences} (occ INTEGER, file VARCHAR, filter TINYINT, bit_string INTEGER, first_bit BIGINT, bit_count BIGINT${[...pvCols, ...exCols].map((c) => `, ${c}`).join("")})`);
  const listedRows = packListedRows(spec.files.map((f) => f.rows?.indexes), options.bitStringCapacity);
  const hasFilters = await fillOccurrences(conn, occurrences, spec, listedRows, partitionFields.map((f) => ({ key: physicalName(f, spec.mode), name: f.name, type: f.type })));
  const perFile = [...(hasFilters ? ["filter", "bit_string", "first_bit", "bit_count"] : []), ...partitionFields.map((_, i) => `p${i}`), ...extras.map((_, i) => `x${i}`)];
  const occurrence = fileColumns.some((c) => c.name.toLowerCase() === FILE_INDEX) ? joinedOccurrence : indexedOccurrence;
  const { from, value } = occurrence({ occurrences, perFile, files: spec.files.map((f) => f.path), distinctPaths, readFiles });
  const bits = await createBitStrings(conn, listedRows);

  const projections = spec.schema.fields.map((field) => {
    const pIndex = partitionFields.indexOf(field);
    if (pIndex >= 0) return `${partitionValueSql(value(`p${pIndex}`), field.type)} AS ${quoteIdent(field.name)}`;
    return `${columnSql(fileColumns, field.name, physicalName(field, spec.mode), field.type, spec.mode)} AS ${quoteIdent(field.name)}`;
  });
  extras.forEach((e, i) => projections.push(`${e.sql(value(`x${i}`))} AS ${quoteIdent(e.name)}`));
  for (const c of spec.passthroughColumns ?? []) {
    const present = fileColumns.some((f) => f.name === c.name);
    projections.push(`${present ? `CAST(d.${quoteIdent(c.name)} AS ${c.type})` : `CAST(NULL AS ${c.type})`} AS ${quoteIdent(c.name)}`);
  }
  if (spec.rowIdentity) projections.push(`d.${FILE_COLUMN} AS ${FILE_COLUMN}`, `d.file_row_number AS __delta_row`);

  const filtered = hasFilters ? ` WHERE ${value("filter")} = 0 OR (${rowIsListed(value, listedRows.strings.length)}) = (${value("filter")} = ${INCLUDE})` : "";
  await conn.run(`CREATE TEMP VIEW ${view} AS SELECT ${projections.join(", ")} FROM ${from}${bits ? ` CROSS JOIN ${bits} AS b` : ""}${filtered}`);
  return view;
}

/** DuckDB's virtual column numbering the files of one read_parquet, from 0 in the list's order */
const FILE_INDEX = "file_index";

interface OccurrenceSource {
  occurrences: string;
  /** the occurrences table's per-file columns the view reads */
  perFile: string[];
  /** one path per occurrence, in order */
  files: string[];
  distinctPaths: string[];
  readFiles: (paths: string[]) => string;
}

interface OccurrenceSql {
  from: string;
  /** a per-file column's value for the row */
  value: (column: string) => string;
}

/**
 * Each occurrence read as its own entry of the file list, its per-file values picked from lists by
 * DuckDB's file index: the rows keep the files' order, so a LIMIT without ORDER BY answers the same
 * rows every time (a hash join with the occurrences does not keep it).
 */
function indexedOccurrence(source: OccurrenceSource): OccurrenceSql {
  const files = `${source.readFiles(source.files)} AS d`;
  const columns = source.perFile.map((c) => `list(${c} ORDER BY occ) AS ${c}`);
  return {
    from: columns.length ? `${files} CROSS JOIN (SELECT ${columns.join(", ")} FROM ${source.occurrences}) AS o` : files,
    value: (column) => `o.${column}[d.${FILE_INDEX}::BIGINT + 1]`,
  };
}

/** A table with a column named like the file index hides it: its files are joined with their occurrences by path. */
function joinedOccurrence(source: OccurrenceSource): OccurrenceSql {
  return {
    from: `${source.readFiles(source.distinctPaths)} AS d JOIN ${source.occurrences} AS o ON o.file = d.${FILE_COLUMN}`,
    value: (column) => `o.${column}`,
  };
}

/** A one-row table of the listed rows' bit strings (columns s0, s1, …), or undefined when no file lists rows. */
async function createBitStrings(conn: DuckDBConnection, listed: PackedListedRows): Promise<string | undefined> {
  if (listed.strings.length === 0) return undefined;
  const table = quoteIdent(uniqueName("listed_rows"));
  await conn.run(`CREATE TEMP TABLE ${table} (${listed.strings.map((_, i) => `s${i} BIT`).join(", ")})`);
  const appender = await conn.createAppender(unquote(table));
  for (const bits of listed.strings) appender.appendBit(bits);
  appender.endRow();
  appender.closeSync();
  return table;
}

// the listed rows are bit strings tested per row; joining a table of (file, row) pairs instead took
// 3× as long on a 2M-row file with a 666K-row DV (bench/delta/dv-scan.ts)
function rowIsListed(value: (column: string) => string, strings: number): string {
  const bit = (string: number) => `get_bit(b.s${string}, (${value("first_bit")} + d.file_row_number)::INTEGER)`;
  const tested = strings === 1 ? bit(0) : `CASE ${value("bit_string")} ${Array.from({ length: strings }, (_, i) => `WHEN ${i} THEN ${bit(i)}`).join(" ")} END`;
  return `CASE WHEN d.file_row_number < ${value("bit_count")} THEN ${tested} = 1 ELSE false END`;
}

/**
 * Column mapping `id` mode resolves top-level columns by parquet field id (DuckDB's `schema` option reads
 * each id under its physical name, NULL where a file lacks it). Nested fields still resolve by physical
 * name, which is what Spark writes. Change data files keep name resolution: their `_change_type` has no id.
 */
function fieldIdSchema(spec: ScanSpec, partitionFields: StructField[]): string | null {
  if (spec.mode !== "id") return null;
  const dataFields = spec.schema.fields.filter((f) => !partitionFields.includes(f));
  if (dataFields.length === 0 || dataFields.some((f) => columnId(f) === undefined)) return null;
  const entries = dataFields.map((f) => {
    const physical = toPhysicalSchema({ type: "struct", fields: [f] }, spec.mode).fields[0];
    return `${columnId(f)}: {name: ${quoteLiteral(physical.name)}, type: ${quoteLiteral(deltaTypeToDuckDb(physical.type))}, default_value: NULL}`;
  });
  return `MAP {${entries.join(", ")}}`;
}

function columnSql(fileColumns: { name: string; type: DuckType }[], logicalName: string, physical: string, type: StructType["fields"][number]["type"], mode: ColumnMappingMode): string {
  const source = findField(fileColumns, physical);
  if (!source) return `CAST(NULL AS ${deltaTypeToDuckDb(type)})`;
  return logicalExpression(`d.${quoteIdent(source.name)}`, source.type, type, mode, logicalName).sql;
}

const [ALL_ROWS, EXCLUDE, INCLUDE] = [0, 1, 2];

async function fillOccurrences(
  conn: DuckDBConnection,
  occurrences: string,
  spec: ScanSpec,
  listed: PackedListedRows,
  partitions: { key: string; name: string; type: StructType["fields"][number]["type"] }[],
): Promise<boolean> {
  const files = await conn.createAppender(unquote(occurrences));
  let hasFilters = false;
  spec.files.forEach((file, occ) => {
    files.appendInteger(occ);
    files.appendVarchar(file.path);
    files.appendTinyInt(file.rows ? (file.rows.mode === "exclude" ? EXCLUDE : INCLUDE) : ALL_ROWS);
    // a file that lists no row covers none
    const place = listed.places[occ] ?? { string: 0, first: 0, count: 0 };
    files.appendInteger(place.string);
    files.appendBigInt(BigInt(place.first));
    files.appendBigInt(BigInt(place.count));
    hasFilters ||= file.rows !== undefined;
    for (const p of partitions) {
      const raw = file.partitionValues[p.key] ?? findValue(file.partitionValues, p.key) ?? findValue(file.partitionValues, p.name);
      const value = normalizePartitionValue(raw, p.type);
      if (value === null) files.appendNull();
      else files.appendVarchar(value);
    }
    for (const value of file.extras ?? []) {
      if (value === null) files.appendNull();
      else files.appendVarchar(value);
    }
    files.endRow();
  });
  files.closeSync();
  return hasFilters;
}

function findValue(values: Record<string, string | null>, key: string): string | null | undefined {
  const hit = Object.keys(values).find((k) => k.toLowerCase() === key.toLowerCase());
  return hit === undefined ? undefined : values[hit];
}

const unquote = (quoted: string): string => quoted.slice(1, -1).replace(/""/g, '"');
