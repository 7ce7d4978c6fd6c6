/**
 * Command results in the Command Execution API 1.2 shapes:
 *   table: {resultType:"table", data, schema:[{name, type: <Spark type JSON as a string>, metadata:"{}"}], truncated, isJsonSchema:true}
 *   error: {resultType:"error", summary, cause}
 * Rows beyond the cap are not sent and `truncated` says so, as on a cluster.
 */
import type { DuckDBResult } from "@duckdb/node-api";
import type { SparkType } from "../sql/spark-types.js";
import { duckToSpark } from "./duck-to-spark.js";
import { toJsonValue, type JsonValue } from "./values.js";
import { sparkColumnName } from "../sql/subscripts.js";

export interface TableResult {
  resultType: "table";
  data: JsonValue[][];
  schema: { name: string; type: string; metadata: string }[];
  truncated: boolean;
  isJsonSchema: true;
}
export interface ErrorResult {
  resultType: "error";
  summary: string;
  cause: string;
}
export type CommandResult = TableResult | ErrorResult;

export interface Column {
  name: string;
  type: SparkType;
}

export function tableResult(columns: Column[], rows: JsonValue[][], maxRows = Infinity): TableResult {
  return {
    resultType: "table",
    data: rows.length > maxRows ? rows.slice(0, maxRows) : rows,
    schema: columns.map((c) => ({ name: c.name, type: JSON.stringify(c.type), metadata: "{}" })),
    truncated: rows.length > maxRows,
    isJsonSchema: true,
  };
}

/** The empty result of a statement that returns nothing (DDL, INSERT OVERWRITE DIRECTORY). */
export const emptyResult = (): TableResult => tableResult([], []);

/** DuckDB names some expressions differently from Spark; clients may read these names. */
export { sparkColumnName } from "../sql/subscripts.js";

/** Reads at most maxRows (+1 to know whether there are more) from a streaming result. */
export async function tableResultFromDuckDb(result: DuckDBResult, maxRows: number): Promise<TableResult> {
  const types = result.columnTypes();
  const names = result.columnNames().map(sparkColumnName);
  const rows: JsonValue[][] = [];
  let more = false;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const chunkRows = chunk.getRows();
    for (const row of chunkRows) {
      if (rows.length >= maxRows) {
        more = true;
        break;
      }
      rows.push(row.map((v, k) => toJsonValue(v, types[k])));
    }
    if (more) break;
  }
  const table = tableResult(
    names.map((name, k) => ({ name, type: duckToSpark(types[k]) })),
    rows,
  );
  table.truncated = more;
  return table;
}
