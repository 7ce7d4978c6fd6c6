import { type DuckDBConnection, DuckDBBitValue } from "@duckdb/node-api";
import type { ColumnMappingMode, StructField, StructType } from "./types.js";
import { parseDuckDbType, type DuckType } from "./duckdb-types.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { columnId, physicalName, toPhysicalSchema } from "./column-mapping.js";
import { findField } from "./schema.js";
import { logicalExpression } from "./logical-columns.js";
import { normalizePartitionValue, partitionValueSql } from "./partition-values.js";
import { quoteIdent, quoteLiteral, readParquetSql, uniqueName } from "./sql.js";
import { describeQuery } from "./duck.js";

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
export async function createScanView(conn: DuckDBConnection, spec: ScanSpec): Promise<string> {
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
  await conn.run(`CREATE TEMP TABLE ${occurrences} (occ INTEGER, file VARCHAR, filter TINYINT, listed BIT${[...pvCols, ...exCols].map((c) => `, ${c}`).join("")})`);
  const hasFilters = await fillOccurrences(conn, occurrences, spec, partitionFields.map((f) => ({ key: physicalName(f, spec.mode), name: f.name, type: f.type })));
  const perFile = [...(hasFilters ? ["filter"] : []), ...partitionFields.map((_, i) => `p${i}`), ...extras.map((_, i) => `x${i}`)];
  const listing = spec.files.flatMap((f, occ) => (f.rows?.indexes.length ? [occ] : []));
  const occurrence = fileColumns.some((c) => c.name.toLowerCase() === FILE_INDEX) ? joinedOccurrence : indexedOccurrence;
  const { from, value, listed } = occurrence({ occurrences, perFile, listing, files: spec.files.map((f) => f.path), distinctPaths, readFiles });

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

  const filtered = hasFilters ? ` WHERE ${value("filter")} = 0 OR (${listed}) = (${value("filter")} = ${INCLUDE})` : "";
  await conn.run(`CREATE TEMP VIEW ${view} AS SELECT ${projections.join(", ")} FROM ${from}${filtered}`);
  return view;
}

/** DuckDB's virtual column numbering the files of one read_parquet, from 0 in the list's order */
const FILE_INDEX = "file_index";

interface OccurrenceSource {
  occurrences: string;
  /** the occurrences table's per-file columns the view reads */
  perFile: string[];
  /** the occurrences whose file lists rows */
  listing: number[];
  /** one path per occurrence, in order */
  files: string[];
  distinctPaths: string[];
  readFiles: (paths: string[]) => string;
}

interface OccurrenceSql {
  from: string;
  /** a per-file column's value for the row */
  value: (column: string) => string;
  /** whether the row is among its file's listed rows */
  listed: string;
}

// a file's listed rows are one bit string (bit i: row i), tested per row; joining a table of
// (file, row) pairs instead took 3× as long on a 2M-row file with a 666K-row DV (bench/delta/dv-scan.ts)
const rowIsListed = (bits: string): string =>
  `CASE WHEN d.file_row_number < bit_length(${bits}) THEN get_bit(${bits}, d.file_row_number::INTEGER) = 1 ELSE false END`;

/**
 * Each occurrence read as its own entry of the file list, its per-file values picked by DuckDB's
 * file index: the rows keep the files' order, so a LIMIT without ORDER BY answers the same rows
 * every time (a hash join with the occurrences does not keep it). Bit strings are columns of their
 * own, chosen by a CASE: picking one from a list copies it for every row.
 */
function indexedOccurrence(source: OccurrenceSource): OccurrenceSql {
  const files = `${source.readFiles(source.files)} AS d`;
  const index = `d.${FILE_INDEX}`;
  const columns = [
    ...source.perFile.map((c) => `list(${c} ORDER BY occ) AS ${c}`),
    ...source.listing.map((occ) => `any_value(listed) FILTER (WHERE occ = ${occ}) AS listed${occ}`),
  ];
  const listed = source.listing.length
    ? `CASE ${index} ${source.listing.map((occ) => `WHEN ${occ} THEN ${rowIsListed(`o.listed${occ}`)}`).join(" ")} ELSE false END`
    : "false";
  return {
    from: columns.length ? `${files} CROSS JOIN (SELECT ${columns.join(", ")} FROM ${source.occurrences}) AS o` : files,
    value: (column) => `o.${column}[${index}::BIGINT + 1]`,
    listed,
  };
}

/** A table with a column named like the file index hides it: its files are joined with their occurrences by path. */
function joinedOccurrence(source: OccurrenceSource): OccurrenceSql {
  return {
    from: `${source.readFiles(source.distinctPaths)} AS d JOIN ${source.occurrences} AS o ON o.file = d.${FILE_COLUMN}`,
    value: (column) => `o.${column}`,
    listed: rowIsListed("o.listed"),
  };
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
  partitions: { key: string; name: string; type: StructType["fields"][number]["type"] }[],
): Promise<boolean> {
  const files = await conn.createAppender(unquote(occurrences));
  let hasFilters = false;
  spec.files.forEach((file, occ) => {
    files.appendInteger(occ);
    files.appendVarchar(file.path);
    files.appendTinyInt(file.rows ? (file.rows.mode === "exclude" ? EXCLUDE : INCLUDE) : ALL_ROWS);
    // no bit string when nothing is listed: a NULL lists no row
    if (file.rows?.indexes.length) files.appendBit(rowBits(file.rows.indexes));
    else files.appendNull();
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

/** The largest row index a bit string can test (get_bit takes an INTEGER); no Parquet file holds that many rows. */
const MAX_LISTED_ROW = 2 ** 31 - 2;

/**
 * A bit string of max(indexes) + 1 bits, bit i set when row i is listed, in DuckDB's BIT layout:
 * a first byte counting the padding bits, which are ones at the front of the second byte.
 */
export function rowBits(indexes: readonly number[]): DuckDBBitValue {
  const length = indexes.reduce((max, i) => Math.max(max, i), -1) + 1;
  if (length > MAX_LISTED_ROW + 1) throw new Error(`a deletion vector lists row ${length - 1}; rows past ${MAX_LISTED_ROW} of one file cannot be read`);
  const padding = (8 - (length % 8)) % 8;
  const data = new Uint8Array(1 + Math.ceil(length / 8));
  data[0] = padding;
  if (data.length > 1) data[1] = (0xff << (8 - padding)) & 0xff;
  for (const index of indexes) {
    const offset = index + padding;
    data[1 + (offset >> 3)] |= 0x80 >> (offset & 7);
  }
  return new DuckDBBitValue(data);
}

function findValue(values: Record<string, string | null>, key: string): string | null | undefined {
  const hit = Object.keys(values).find((k) => k.toLowerCase() === key.toLowerCase());
  return hit === undefined ? undefined : values[hit];
}

const unquote = (quoted: string): string => quoted.slice(1, -1).replace(/""/g, '"');
