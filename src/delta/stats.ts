import type { DuckDBConnection } from "@duckdb/node-api";
import type { DeltaType, StructType } from "./types.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

/** Spark truncates string min/max to this many characters (a prefix is still a valid lower bound). */
const STRING_PREFIX = 32;
const DEFAULT_INDEXED_COLUMNS = 32;

interface Leaf {
  path: string[];
  type: DeltaType;
}

/** Per-column statistics DuckDB's `COPY … (RETURN_STATS)` reports for a file, keyed like `"s"."a"`. */
export type CopyColumnStatistics = Map<string, Record<string, string>>;

/** A leaf's numbers as SQL renders them: null count, and min/max as JSON-ready text (or null). */
interface LeafValues {
  nulls: string | null;
  min: string | null;
  max: string | null;
}

/**
 * The `stats` JSON of an add action: numRecords, and minValues/maxValues/nullCount for the first
 * `delta.dataSkippingNumIndexedCols` leaf columns, keyed by physical name and nested like the schema.
 * Numbers are copied as DuckDB prints them, so BIGINT and DECIMAL(38,18) bounds stay exact.
 * This one scans `relation`; writtenFileStats gets the same JSON from a written file's footer.
 */
export async function computeStats(
  conn: DuckDBConnection,
  relation: string,
  physicalData: StructType,
  properties: Record<string, string>,
): Promise<{ json: string; numRecords: number }> {
  const leaves = indexedLeaves(physicalData, properties);
  const row = (await conn.runAndReadAll(`SELECT CAST(count(*) AS VARCHAR), ${leaves.flatMap(scanSql).join(", ") || "NULL"} FROM ${relation}`)).getRowsJson()[0] as (string | null)[];
  const numRecords = row[0] ?? "0";
  const values = leaves.map((_, i) => ({ nulls: row[1 + 3 * i], min: row[2 + 3 * i], max: row[3 + 3 * i] }));
  return { json: statsJson(numRecords, leaves, values), numRecords: Number(numRecords) };
}

export interface WrittenFileStats {
  json: string;
  numRecords: number;
  /** null counts of the `nullCountsOf` top-level columns, in that order */
  nullCounts: number[];
  /** leaves (as "a.b") whose numbers had to come from scanning the file rather than its footer */
  scanned: string[];
}

/**
 * The stats JSON of a parquet file DuckDB just wrote, equal to what computeStats would give for it, but
 * from its footer: null counts are summed and min/max folded over the row groups' statistics, cast back
 * to the column type and rendered as computeStats renders them. Only what the footer cannot tell exactly
 * is read from the file, column by column: the null count of arrays and maps, float bounds when the file
 * may hold NaN, and string bounds a row group truncated or left out (values over 256 bytes).
 * `nullCountsOf` asks for the null counts of more top-level columns (physical names), for NOT NULL checks.
 * `scan: false` refuses to read anything but the footer (StatsNeedScanError), for a file not at hand.
 */
export async function writtenFileStats(
  conn: DuckDBConnection,
  file: string,
  numRecords: number,
  copyStats: CopyColumnStatistics,
  physicalData: StructType,
  properties: Record<string, string>,
  nullCountsOf: string[] = [],
  { scan = true }: { scan?: boolean } = {},
): Promise<WrittenFileStats> {
  const leaves = indexedLeaves(physicalData, properties);
  const required = nullCountsOf.map((name) => {
    const field = physicalData.fields.find((f) => f.name === name);
    if (!field) throw new Error(`internal: no column ${name} in the written file`);
    return { path: [name], type: field.type } as Leaf;
  });
  const scanned = scan ? fromScan : () => Promise.reject(new StatsNeedScanError(`${file}: its footer does not give every statistic`));
  try {
    return await fromFooter(conn, file, numRecords, copyStats, physicalData, leaves, required, scanned);
  } catch (error) {
    if (error instanceof StatsNeedScanError) throw error;
    // A footer this code cannot read (an unexpected statistics format): scan the whole file instead.
    return await scanned(conn, file, numRecords, leaves, required, leaves.map((l) => l.path.join(".")));
  }
}

/** writtenFileStats with `scan: false` for a file whose footer alone cannot give its statistics. */
export class StatsNeedScanError extends Error {}

/** One primitive leaf answered from the footer: its parquet column id and what to ask for. */
interface FooterColumn {
  leaf: Leaf;
  id: number;
  bounds: boolean;
}

async function fromFooter(
  conn: DuckDBConnection,
  file: string,
  numRecords: number,
  copyStats: CopyColumnStatistics,
  physicalData: StructType,
  leaves: Leaf[],
  required: Leaf[],
  scanned: typeof fromScan,
): Promise<WrittenFileStats> {
  const ids = parquetColumnIds(physicalData);
  const footer = new Map<string, FooterColumn>();
  for (const leaf of [...leaves, ...required]) {
    const key = JSON.stringify(leaf.path);
    const id = ids.get(key);
    if (id === undefined || typeof leaf.type !== "string" || footer.has(key)) continue;
    footer.set(key, { leaf, id, bounds: leaves.includes(leaf) && boundSql(leaf.type) !== null && !mayHoldNaN(leaf, copyStats) });
  }
  const columns = [...footer.values()];
  const select = ["CAST(count(DISTINCT row_group_id) AS VARCHAR)"];
  for (const { leaf, id, bounds } of columns) {
    const of = (expr: string) => `CASE WHEN column_id = ${id} THEN ${expr} END`;
    select.push(
      `min(${of("path_in_schema")})`,
      `CAST(count(${of("stats_null_count")}) AS VARCHAR)`,
      `CAST(sum(${of("stats_null_count")}) AS VARCHAR)`,
    );
    if (!bounds) continue;
    const type = leaf.type as string;
    const duck = deltaTypeToDuckDb(type);
    const render = boundSql(type)!;
    select.push(
      // row groups with values but no min/max (e.g. strings too long to truncate) make the bounds unknown
      `CAST(count(${of("1")}) FILTER (WHERE (stats_min_value IS NULL OR stats_max_value IS NULL) AND stats_null_count IS DISTINCT FROM num_values) AS VARCHAR)`,
      render(`min(${of(`CAST(stats_min_value AS ${duck})`)})`),
      render(`max(${of(`CAST(stats_max_value AS ${duck})`)})`),
    );
    if (type === "string") {
      // a truncated bound is flagged inexact; the file's bound is exact when an exact row group has it
      select.push(`min(${of("stats_min_value")}) FILTER (WHERE min_is_exact)`, `max(${of("stats_max_value")}) FILTER (WHERE max_is_exact)`);
    }
  }
  const row = (await conn.runAndReadAll(`SELECT ${select.join(", ")} FROM parquet_metadata(${quoteLiteral(file)})`)).getRowsJson()[0] as (string | null)[];
  const rowGroups = row[0] ?? "0";
  const known = new Map<string, Partial<LeafValues>>();
  let at = 1;
  for (const { leaf, bounds } of columns) {
    const [pathInSchema, withNulls, nulls] = row.slice(at, (at += 3));
    if (pathInSchema !== leaf.path.join(", ")) throw new Error(`internal: parquet column ${pathInSchema} is not ${leaf.path.join(".")}`);
    const values: Partial<LeafValues> = withNulls === rowGroups ? { nulls: nulls ?? "0" } : {};
    if (bounds) {
      const [uncovered, min, max] = row.slice(at, (at += 3));
      let exact = uncovered === "0";
      if (leaf.type === "string") {
        const [exactMin, exactMax] = row.slice(at, (at += 2));
        exact &&= boundIsExact(min, exactMin) && boundIsExact(max, exactMax);
      }
      if (exact) Object.assign(values, { min, max });
    }
    known.set(JSON.stringify(leaf.path), values);
  }
  const complete = (leaf: Leaf, wantsBounds: boolean) => {
    const values = known.get(JSON.stringify(leaf.path));
    return values !== undefined && values.nulls !== undefined && (!wantsBounds || values.min !== undefined);
  };
  const toScan = leaves.filter((l) => !complete(l, boundSql(l.type) !== null)).map((l) => l.path.join("."));
  if (toScan.length || required.some((l) => !complete(l, false))) {
    return scanned(conn, file, numRecords, leaves, required, toScan, known);
  }
  const value = (leaf: Leaf): LeafValues => ({ nulls: null, min: null, max: null, ...known.get(JSON.stringify(leaf.path)) });
  return {
    json: statsJson(String(numRecords), leaves, leaves.map(value)),
    numRecords,
    nullCounts: required.map((l) => Number(value(l).nulls)),
    scanned: [],
  };
}

/** A string bound from the footer is usable when it is long (only its prefix is kept, or it is dropped) or exact. */
function boundIsExact(bound: string | null, exactBound: string | null): boolean {
  return bound === null || [...bound].length > STRING_PREFIX || bound === exactBound;
}

/** Float bounds hide NaN in parquet statistics, and Spark's max is NaN then: only a file known to be NaN-free skips the scan. */
function mayHoldNaN(leaf: Leaf, copyStats: CopyColumnStatistics): boolean {
  if (leaf.type !== "float" && leaf.type !== "double") return false;
  return copyStats.get(leaf.path.map((p) => `"${p.replace(/"/g, '""')}"`).join("."))?.has_nan !== "false";
}

/** Fills in what the footer left open by scanning the file (only the columns concerned). */
async function fromScan(
  conn: DuckDBConnection,
  file: string,
  numRecords: number,
  leaves: Leaf[],
  required: Leaf[],
  toScan: string[],
  known = new Map<string, Partial<LeafValues>>(),
): Promise<WrittenFileStats> {
  const scanLeaves = leaves.filter((l) => toScan.includes(l.path.join(".")));
  const scanRequired = required.filter((l) => known.get(JSON.stringify(l.path))?.nulls === undefined);
  const select = [...scanLeaves.flatMap(scanSql), ...scanRequired.map((l) => `CAST(count(*) - count(${leafRef(l)}) AS VARCHAR)`)];
  const row = select.length ? ((await conn.runAndReadAll(`SELECT ${select.join(", ")} FROM read_parquet(${quoteLiteral(file)})`)).getRowsJson()[0] as (string | null)[]) : [];
  const values = new Map(known);
  scanLeaves.forEach((l, i) => values.set(JSON.stringify(l.path), { nulls: row[3 * i], min: row[3 * i + 1], max: row[3 * i + 2] }));
  scanRequired.forEach((l, i) => values.set(JSON.stringify(l.path), { ...values.get(JSON.stringify(l.path)), nulls: row[3 * scanLeaves.length + i] }));
  const value = (leaf: Leaf): LeafValues => ({ nulls: null, min: null, max: null, ...values.get(JSON.stringify(leaf.path)) });
  return {
    json: statsJson(String(numRecords), leaves, leaves.map(value)),
    numRecords,
    nullCounts: required.map((l) => Number(value(l).nulls ?? "0")),
    scanned: scanLeaves.map((l) => l.path.join(".")),
  };
}

/**
 * Parquet column ids (leaf order) of the primitive leaves reachable through structs only, keyed by
 * JSON path; arrays and maps take their leaves' ids but have no entry (their stats need a scan).
 */
function parquetColumnIds(schema: StructType): Map<string, number> {
  const ids = new Map<string, number>();
  let next = 0;
  const walk = (type: DeltaType, path: string[] | null) => {
    if (type === "variant") {
      // its two columns, value and metadata; a VARIANT has no bounds, and its null count is read from the rows
      next += 2;
    } else if (typeof type === "string") {
      if (path) ids.set(JSON.stringify(path), next);
      next++;
    } else if (type.type === "struct") {
      for (const f of type.fields) walk(f.type, path && [...path, f.name]);
    } else if (type.type === "array") {
      walk(type.elementType, null);
    } else {
      walk(type.keyType, null);
      walk(type.valueType, null);
    }
  };
  walk(schema, []);
  return ids;
}

/** Marks stats of a file that now carries a deletion vector: bounds may include deleted rows. */
export function withWideBounds(stats: string | undefined): string | undefined {
  if (!stats) return stats;
  if (/"tightBounds"\s*:\s*(true|false)/.test(stats)) return stats.replace(/"tightBounds"\s*:\s*(true|false)/, '"tightBounds":false');
  const body = stats.trim().slice(1);
  return body.trim() === "}" ? '{"tightBounds":false}' : `{"tightBounds":false,${body}`;
}

function indexedLeaves(physicalData: StructType, properties: Record<string, string>): Leaf[] {
  const limit = Number(properties["delta.dataSkippingNumIndexedCols"] ?? DEFAULT_INDEXED_COLUMNS);
  return collectLeaves(physicalData).slice(0, limit < 0 ? undefined : limit);
}

function collectLeaves(struct: StructType, prefix: string[] = []): Leaf[] {
  return struct.fields.flatMap((f) =>
    typeof f.type !== "string" && f.type.type === "struct" ? collectLeaves(f.type, [...prefix, f.name]) : [{ path: [...prefix, f.name], type: f.type }],
  );
}

const leafRef = (leaf: Leaf): string => leaf.path.slice(1).reduce((acc, name) => `struct_extract(${acc}, ${quoteLiteral(name)})`, quoteIdent(leaf.path[0]));

/** The null count, min and max of a leaf, aggregated over the rows. */
function scanSql(leaf: Leaf): string[] {
  const ref = leafRef(leaf);
  const render = boundSql(leaf.type);
  return [`CAST(count(*) - count(${ref}) AS VARCHAR)`, render ? render(`min(${ref})`) : "NULL", render ? render(`max(${ref})`) : "NULL"];
}

function statsJson(numRecords: string, leaves: Leaf[], values: LeafValues[]): string {
  const nullCount: Tree = {};
  const minValues: Tree = {};
  const maxValues: Tree = {};
  leaves.forEach((leaf, i) => {
    const { nulls, min, max } = values[i];
    setPath(nullCount, leaf.path, nulls ?? "0");
    const min_ = jsonBound(leaf.type, min, "min");
    const max_ = jsonBound(leaf.type, max, "max");
    if (min_ !== undefined) setPath(minValues, leaf.path, min_);
    if (max_ !== undefined) setPath(maxValues, leaf.path, max_);
  });
  return `{"numRecords":${numRecords},"minValues":${render(minValues)},"maxValues":${render(maxValues)},"nullCount":${render(nullCount)},"tightBounds":true}`;
}

/** SQL rendering a bound as text, or null where Spark keeps no min/max (booleans, binary, nested). */
function boundSql(type: DeltaType): ((agg: string) => string) | null {
  if (typeof type !== "string") return null;
  switch (type) {
    case "boolean":
    case "binary":
    case "variant":
      return null;
    case "date":
      return (agg) => `strftime(${agg}, '%Y-%m-%d')`;
    case "timestamp":
      return (agg) => `strftime(timezone('UTC', ${agg}), '%Y-%m-%dT%H:%M:%S.%gZ')`;
    case "timestamp_ntz":
      return (agg) => `strftime(${agg}, '%Y-%m-%dT%H:%M:%S.%g')`;
    default:
      return (agg) => `CAST(${agg} AS VARCHAR)`;
  }
}

/** A raw JSON fragment for a bound, or undefined to leave it out. */
function jsonBound(type: DeltaType, value: string | null, which: "min" | "max"): string | undefined {
  if (value === null || typeof type !== "string") return undefined;
  switch (type) {
    case "string": {
      const chars = [...value];
      if (chars.length <= STRING_PREFIX) return JSON.stringify(value);
      // A truncated prefix bounds from below but not from above.
      return which === "min" ? JSON.stringify(chars.slice(0, STRING_PREFIX).join("")) : undefined;
    }
    case "date":
    case "timestamp":
    case "timestamp_ntz":
      return JSON.stringify(value);
    case "float":
    case "double":
      return /^-?(\d|\.)/.test(value) && !/(inf|nan)/i.test(value) ? value : undefined;
    default:
      return value;
  }
}

type Tree = { [key: string]: Tree | string };

function setPath(tree: Tree, path: string[], raw: string): void {
  let node = tree;
  for (const name of path.slice(0, -1)) {
    const next = node[name];
    if (typeof next === "object") node = next;
    else node = node[name] = {};
  }
  node[path[path.length - 1]] = raw;
}

function render(tree: Tree): string {
  return `{${Object.entries(tree)
    .map(([k, v]) => `${JSON.stringify(k)}:${typeof v === "string" ? v : render(v)}`)
    .join(",")}}`;
}
