/**
 * A mapping set applied to sample rows by the plan a run uses, in DuckDB: the rows' JSON becomes
 * typed columns (a source table's types, or each number typed as written), the plan's projection maps them
 * and its checks give each row's errors.
 */
import { parseDuckDbType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { boundedText, LARGEST_ANSWERED_BYTES, oversizeProblem } from "./answer-size.js";
import type { DatasetSchema } from "../schemaregistry/xdm-fields.js";
import { exactRecordJson } from "./exact-json.js";
import { largestField } from "./largest-field.js";
import { planMapping } from "./mapping-sql.js";
import { unpreparedMappings } from "./prepared-mappings.js";
import { sampleRowsQuery } from "./expression/sample-row.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";
import { type Connection, withConnection } from "./scratch-duckdb.js";
import type { SourceWords } from "./source-value.js";

/** the mapped row's errors, beside its fields */
const ROW_ERRORS = "__row_errors";

export interface PreviewRow {
  /** the row as the dataset would store it, or null when the row fails */
  data: Record<string, unknown> | null;
  /** the row errors, as a run records them */
  errors: string[];
}

/**
 * The sample rows as a relation of typed columns: of the given types (a source table's, as a run
 * stages them), or each number typed as written in the rows' JSON text.
 */
async function sampleRelation(rows: readonly Record<string, unknown>[], types?: readonly SourceColumn[], rowsText?: string): Promise<{ from: string; columns: SourceColumn[] }> {
  return withConnection(async (conn) => {
    try {
      if (types) return await typedRelation(conn, quoteLiteral(JSON.stringify(rows)), types);
      if (rows.some((row) => Object.hasOwn(row, ""))) throw new MappingError("a sample row has a field with an empty name");
      return await inferredRelation(conn, rowsText ?? JSON.stringify(rows), rows.length);
    } catch (error) {
      // DuckDB cannot make columns of these rows (a field with an empty name, for one)
      if (error instanceof MappingError) throw error;
      throw new MappingError(`the sample rows cannot be read as columns: ${(error as Error).message.split("\n")[0]}`);
    }
  });
}

async function typedRelation(conn: Connection, json: string, types: readonly SourceColumn[]): Promise<{ from: string; columns: SourceColumn[] }> {
  const structure = JSON.stringify([Object.fromEntries(types.map((c) => [c.name, c.type]))]);
  return described(conn, `(SELECT unnest(r) FROM (SELECT unnest(json_transform(${json}::JSON, ${quoteLiteral(structure)})) AS r))`);
}

/**
 * Rows given as JSON, each number typed as written (sample-row.ts), as a source column would hold
 * it. A field whose rows disagree on its kind, or hold only nulls, is read as text: `1` and `"x"`
 * become "1" and "x", as a string column would hold them, not JSON with its quotes.
 */
async function inferredRelation(conn: Connection, json: string, count: number): Promise<{ from: string; columns: SourceColumn[] }> {
  const query = sampleRowsQuery(json, "VARCHAR");
  return query ? described(conn, `(${query})`) : { from: `(SELECT * FROM range(${count}))`, columns: [] };
}

async function described(conn: Connection, from: string): Promise<{ from: string; columns: SourceColumn[] }> {
  const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjectsJson().map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
  // the plan reads these types; one it cannot read (an empty object's STRUCT()) is the rows' fault
  for (const column of columns) parseDuckDbType(column.type);
  return { from, columns };
}

/** Why a mapped row is not answered: its size, the limit, and the field that takes the most of it. */
async function oversizeRow(conn: Connection, mapped: string, stored: readonly SourceColumn[], row: number, bytes: unknown): Promise<string> {
  const problem = oversizeProblem(`sample row ${row + 1} mapped`, bytes)!;
  const largest = await largestField(conn, mapped, row, stored);
  if (!largest) return problem;
  const field = largest.path === ROW_ERRORS ? "its row errors take" : `its field ${largest.path} takes`;
  return `${problem}: ${field} ${largest.bytes} of them`;
}

/** Each sample row mapped, in order. A mapping that can never work throws MappingError, as when a flow is created. */
export async function previewRows(
  rules: readonly MappingRule[],
  schema: DatasetSchema,
  rows: readonly Record<string, unknown>[],
  types?: readonly SourceColumn[],
  /** the rows' JSON text as the request wrote it, its numbers as written (rows otherwise) */
  rowsText?: string,
  /** how a refusal names the rows' columns: what the request sent (SAMPLE_ROW_WORDS and the like in source-value.ts) */
  sourceWords?: SourceWords,
): Promise<PreviewRow[]> {
  if (rows.length === 0) return [];
  const { from, columns } = await sampleRelation(rows, types, rowsText);
  const plan = planMapping(rules, schema, columns, [], { sourceWords });
  const mapped = `(SELECT ${plan.projection}, ${plan.errors} AS ${quoteIdent(ROW_ERRORS)} FROM ${from} AS staged)`;
  const results = await withConnection(async (conn) => {
    // each value spelled as explore's preview and a failed row's record spell it (exact-json.ts)
    const { columns: stored } = await described(conn, mapped).catch(async (error: Error) => {
      const problems = await unpreparedMappings(rules, schema, columns);
      throw new MappingError(problems.length > 0 ? problems.join("; ") : `DuckDB cannot prepare the mapping set: ${error.message.split("\n")[0]}`);
    });
    try {
      const rowsJson = (await conn.runAndReadAll(`SELECT ${boundedText("row_json")} FROM (SELECT CAST(${exactRecordJson(stored)} AS VARCHAR) AS row_json FROM ${mapped})`)).getRows();
      const oversize = rowsJson.findIndex(([, bytes]) => Number(bytes) > LARGEST_ANSWERED_BYTES);
      if (oversize >= 0) throw new MappingError(await oversizeRow(conn, mapped, stored, oversize, rowsJson[oversize][1]));
      return rowsJson;
    } catch (error) {
      if (error instanceof MappingError) throw error;
      // what the plan cannot compute for these rows (more memory than sample rows may take) is the mappings' doing
      throw new MappingError(`the mapping set cannot be applied to the sample rows: ${(error as Error).message.split("\n")[0]}`);
    }
  });
  return results.map(([text]) => {
    // exactRecordJson wrote every value JSON.parse cannot keep (a DECIMAL, a BIGINT beyond 2^53) as a string already
    const { __row_errors: errors, ...data } = JSON.parse(String(text)) as Record<string, unknown> & { __row_errors: string[] };
    return errors.length > 0 ? { data: null, errors } : { data, errors: [] };
  });
}
