/**
 * Which files of a shared table's pinned version a change window's key check downloads
 * (net-changes.ts repeatedKeysSql counts the rows each changed key has there): the files that may
 * hold a key the window changed, by each key column in turn: a file is kept when its stats' minimum
 * and maximum of the column, or its partition value when the column partitions the table, allow a
 * changed key's value of it. A file is ruled out only by a value that is exact: integers a JS number
 * holds exactly, dates, and strings (in stats, only those short enough not to be truncated: Delta
 * cuts longer ones). A partition value that is NULL holds no changed key (a change with a NULL key
 * counts none). A window that changed no key (only maintenance commits such as OPTIMIZE or VACUUM,
 * a table property, or changes whose key is NULL) has no key to count: it downloads no file.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SharedFile, SharedMetadata } from "../delta-sharing/index.js";
import { parseSchemaString, quoteIdent, quoteLiteral } from "../delta/index.js";

/** the DuckDB type a key column's exact stats are compared as, by its Delta type */
const EXACT_STAT_TYPES: Record<string, string> = { byte: "TINYINT", short: "SMALLINT", integer: "INTEGER", long: "BIGINT", date: "DATE", string: "VARCHAR" };
/** Delta truncates string stats to this many characters: a stat that long may be cut */
const STRING_STAT_PREFIX = 32;

/** The files of `files` that may hold a row of a key `changes` (the window's change feed) changed. */
export async function filesHoldingChangedKeys(
  conn: DuckDBConnection,
  changes: string,
  key: readonly string[],
  metadata: SharedMetadata,
  files: readonly SharedFile[],
): Promise<SharedFile[]> {
  // the changes that name a key: net-changes.ts leaves out those with a NULL key column
  const named = `SELECT * FROM ${changes} WHERE ${key.map((column) => `${quoteIdent(column)} IS NOT NULL`).join(" AND ")}`;
  if ((await conn.runAndReadAll(`${named} LIMIT 1`)).currentRowCount === 0) return [];
  let kept = files.map((_, i) => i);
  for (const column of key) {
    const allowed = await filesAllowing(conn, named, column, metadata, files);
    kept = kept.filter((i) => allowed.has(i));
  }
  return kept.map((i) => files[i]);
}

/** The indexes of the files whose values of the key column `name` may be those of a changed key (`changes`): every file when they are not known exactly. */
async function filesAllowing(conn: DuckDBConnection, changes: string, name: string, metadata: SharedMetadata, files: readonly SharedFile[]): Promise<Set<number>> {
  const field = parseSchemaString(metadata.schemaString).fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  const type = field && typeof field.type === "string" ? EXACT_STAT_TYPES[field.type] : undefined;
  if (!field || !type) return new Set(files.map((_, i) => i));
  const mapped = (metadata.configuration["delta.columnMapping.mode"] ?? "none") !== "none";
  const physicalName = mapped ? String(field.metadata["delta.columnMapping.physicalName"] ?? field.name) : field.name;
  const partitioned = metadata.partitionColumns.some((c) => c.toLowerCase() === field.name.toLowerCase());
  const bounds = files.map((file) => (partitioned ? partitionBounds(file, [physicalName, field.name], type) : statBounds(file, physicalName, type)));
  const ranged = bounds.flatMap((b, i) => (b ? [`(${i}, ${quoteLiteral(b.min)}, ${quoteLiteral(b.max)})`] : []));
  const kept = new Set(bounds.flatMap((b, i) => (b === undefined ? [i] : [])));
  if (ranged.length > 0) {
    const changed = `SELECT DISTINCT CAST(${quoteIdent(name)} AS ${type}) AS k FROM (${changes}) AS named_changes`;
    const ranges = `SELECT i, CAST(lo AS ${type}) AS lo, CAST(hi AS ${type}) AS hi FROM (VALUES ${ranged.join(", ")}) AS f(i, lo, hi)`;
    const hits = await conn.runAndReadAll(`SELECT DISTINCT r.i FROM (${ranges}) AS r JOIN (${changed}) AS c ON c.k >= r.lo AND c.k <= r.hi`);
    for (const [i] of hits.getRowsJson()) kept.add(Number(i));
  }
  return kept;
}

/** A file's exact minimum and maximum of the column, as text DuckDB casts to `type`; none when its stats do not give both exactly. */
function statBounds(file: SharedFile, column: string, type: string): { min: string; max: string } | undefined {
  let stats: { minValues?: Record<string, unknown>; maxValues?: Record<string, unknown> };
  try {
    stats = JSON.parse(file.stats ?? "{}");
  } catch {
    return undefined;
  }
  const min = exact(stats.minValues?.[column], type);
  const max = exact(stats.maxValues?.[column], type);
  return min === undefined || max === undefined ? undefined : { min, max };
}

/**
 * A file's partition value of the column as its minimum and maximum; null when it is NULL (the file
 * holds no changed key), none when the file does not give it exactly. `names`: the column's
 * physical name, then its own (a partition value is keyed by the one the writer used).
 */
function partitionBounds(file: SharedFile, names: readonly string[], type: string): { min: string; max: string } | null | undefined {
  const entries = Object.entries(file.partitionValues);
  const entry = names.map((name) => entries.find(([written]) => written.toLowerCase() === name.toLowerCase())).find((found) => found !== undefined);
  if (!entry) return undefined;
  const [, raw] = entry;
  if (raw === null || raw === "") return null; // Delta writes a NULL partition value as null or ""
  const value = type === "VARCHAR" ? raw : exact(/^-?\d+$/.test(raw) ? Number(raw) : raw, type);
  return value === undefined ? undefined : { min: value, max: value };
}

function exact(value: unknown, type: string): string | undefined {
  if (type === "VARCHAR") return typeof value === "string" && [...value].length < STRING_STAT_PREFIX ? value : undefined;
  if (type === "DATE") return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  return Number.isSafeInteger(value) ? String(value) : undefined;
}
