/**
 * A mapping set applied to sample rows by the plan a run uses, in DuckDB: the rows' JSON becomes
 * typed columns (DuckDB infers them, as it does for staged data), the plan's projection maps them
 * and its checks give each row's errors.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { parseLosslessJson } from "../databricks/lossless-json.js";
import { parseDuckDbType, quoteLiteral } from "../delta/index.js";
import type { DatasetSchema } from "../schemaregistry/xdm-fields.js";
import { planMapping } from "./mapping-sql.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";

export interface PreviewRow {
  /** the row as the dataset would store it, or null when the row fails */
  data: Record<string, unknown> | null;
  /** the row errors, as a run records them */
  errors: string[];
}

let instance: Promise<DuckDBInstance> | undefined;

/** Work on a connection of the Data Prep's in-memory DuckDB (one thread: sample rows are few). */
export async function withConnection<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
  instance ??= DuckDBInstance.create(":memory:", { threads: "1" });
  const conn = await (await instance).connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
}

/**
 * The sample rows as a relation of typed columns: of the given types (a source table's, as a run
 * stages them), or as DuckDB infers them from the JSON.
 */
async function sampleRelation(rows: readonly Record<string, unknown>[], types?: readonly SourceColumn[]): Promise<{ from: string; columns: SourceColumn[] }> {
  const json = quoteLiteral(JSON.stringify(rows));
  return withConnection(async (conn) => {
    try {
      return await typedRelation(conn, json, types);
    } catch (error) {
      // DuckDB cannot make columns of these rows (a field with an empty name, for one)
      if (error instanceof MappingError) throw error;
      throw new MappingError(`the sample rows cannot be read as columns: ${(error as Error).message.split("\n")[0]}`);
    }
  });
}

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

async function typedRelation(conn: Connection, json: string, types?: readonly SourceColumn[]): Promise<{ from: string; columns: SourceColumn[] }> {
  const structure = types
    ? JSON.stringify([Object.fromEntries(types.map((c) => [c.name, c.type]))])
    : textForMixed(String((await conn.runAndReadAll(`SELECT json_structure(${json}::JSON)::VARCHAR`)).getRows()[0][0]));
  const from = `(SELECT unnest(r) FROM (SELECT unnest(json_transform(${json}::JSON, ${quoteLiteral(structure)})) AS r))`;
  const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjectsJson();
  const columns = described.map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
  if (columns.some((c) => c.name === "")) throw new MappingError("a sample row has a field with an empty name");
  // the plan reads these types; one it cannot read (an empty object's STRUCT(), a field without a name) is the rows' fault
  for (const column of columns) parseDuckDbType(column.type);
  return { from, columns };
}

/**
 * A field whose rows disagree on its type (JSON) or hold only nulls (NULL) is read as text: `1`
 * and `"x"` become "1" and "x", as a string column would hold them, not JSON with its quotes.
 */
function textForMixed(structure: string): string {
  return JSON.stringify(JSON.parse(structure), (_key, value) => (value === "JSON" || value === "NULL" ? "VARCHAR" : value));
}

/** Each sample row mapped, in order. A mapping that can never work throws MappingError, as when a flow is created. */
export async function previewRows(
  rules: readonly MappingRule[],
  schema: DatasetSchema,
  rows: readonly Record<string, unknown>[],
  types?: readonly SourceColumn[],
): Promise<PreviewRow[]> {
  if (rows.length === 0) return [];
  const { from, columns } = await sampleRelation(rows, types);
  const plan = planMapping(rules, schema, columns);
  const sql = `WITH mapped AS (SELECT ${plan.projection}, ${plan.errors} AS "__row_errors" FROM ${from} AS staged) SELECT CAST(to_json(mapped) AS VARCHAR) FROM mapped`;
  const results = await withConnection(async (conn) => (await conn.runAndReadAll(sql)).getRows());
  return results.map(([text]) => {
    // a BIGINT beyond 2^53 or a DECIMAL's digits stay exact, as their text
    const { __row_errors: errors, ...data } = parseLosslessJson(String(text)) as Record<string, unknown> & { __row_errors: string[] };
    return errors.length > 0 ? { data: null, errors } : { data, errors: [] };
  });
}
