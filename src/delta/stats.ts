import type { DuckDBConnection } from "@duckdb/node-api";
import type { DeltaType, StructType } from "./types.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

/** Spark truncates string min/max to this many characters (a prefix is still a valid lower bound). */
const STRING_PREFIX = 32;
const DEFAULT_INDEXED_COLUMNS = 32;

interface Leaf {
  path: string[];
  type: DeltaType;
}

/**
 * The `stats` JSON of an add action: numRecords, and minValues/maxValues/nullCount for the first
 * `delta.dataSkippingNumIndexedCols` leaf columns, keyed by physical name and nested like the schema.
 * Numbers are copied as DuckDB prints them, so BIGINT and DECIMAL(38,18) bounds stay exact.
 */
export async function computeStats(
  conn: DuckDBConnection,
  relation: string,
  physicalData: StructType,
  properties: Record<string, string>,
): Promise<{ json: string; numRecords: number }> {
  const limit = Number(properties["delta.dataSkippingNumIndexedCols"] ?? DEFAULT_INDEXED_COLUMNS);
  const leaves = collectLeaves(physicalData).slice(0, limit < 0 ? undefined : limit);
  const selects = ["CAST(count(*) AS VARCHAR)"];
  for (const leaf of leaves) {
    const ref = leaf.path.slice(1).reduce((acc, name) => `struct_extract(${acc}, ${quoteLiteral(name)})`, quoteIdent(leaf.path[0]));
    selects.push(`CAST(count(*) - count(${ref}) AS VARCHAR)`);
    const render = boundSql(leaf.type);
    selects.push(render ? render(`min(${ref})`) : "NULL", render ? render(`max(${ref})`) : "NULL");
  }
  const row = (await conn.runAndReadAll(`SELECT ${selects.join(", ")} FROM ${relation}`)).getRowsJson()[0] as (string | null)[];
  const numRecords = row[0] ?? "0";
  const nullCount: Tree = {};
  const minValues: Tree = {};
  const maxValues: Tree = {};
  leaves.forEach((leaf, i) => {
    const [nulls, min, max] = row.slice(1 + 3 * i, 4 + 3 * i);
    setPath(nullCount, leaf.path, nulls ?? "0");
    const min_ = jsonBound(leaf.type, min, "min");
    const max_ = jsonBound(leaf.type, max, "max");
    if (min_ !== undefined) setPath(minValues, leaf.path, min_);
    if (max_ !== undefined) setPath(maxValues, leaf.path, max_);
  });
  const json = `{"numRecords":${numRecords},"minValues":${render(minValues)},"maxValues":${render(maxValues)},"nullCount":${render(nullCount)},"tightBounds":true}`;
  return { json, numRecords: Number(numRecords) };
}

/** Marks stats of a file that now carries a deletion vector: bounds may include deleted rows. */
export function withWideBounds(stats: string | undefined): string | undefined {
  if (!stats) return stats;
  if (/"tightBounds"\s*:\s*(true|false)/.test(stats)) return stats.replace(/"tightBounds"\s*:\s*(true|false)/, '"tightBounds":false');
  const body = stats.trim().slice(1);
  return body.trim() === "}" ? '{"tightBounds":false}' : `{"tightBounds":false,${body}`;
}

function collectLeaves(struct: StructType, prefix: string[] = []): Leaf[] {
  return struct.fields.flatMap((f) =>
    typeof f.type !== "string" && f.type.type === "struct" ? collectLeaves(f.type, [...prefix, f.name]) : [{ path: [...prefix, f.name], type: f.type }],
  );
}

/** SQL rendering a bound as text, or null where Spark keeps no min/max (booleans, binary, nested). */
function boundSql(type: DeltaType): ((agg: string) => string) | null {
  if (typeof type !== "string") return null;
  switch (type) {
    case "boolean":
    case "binary":
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
