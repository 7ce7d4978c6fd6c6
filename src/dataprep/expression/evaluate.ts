/**
 * An expression evaluated by DuckDB over one sample row: the row's JSON text becomes typed columns
 * (each number typed as written, as a source column holds it: no number passes through a
 * JavaScript double), the compiled SQL runs over them, and the result comes back as JSON, dates
 * written in ISO 8601 in their zone (UTC without one), a DECIMAL as a number of exactly its digits and
 * a number a double cannot hold (a BIGINT beyond 2^53, a DECIMAL's digits) as its text (result-json.ts).
 */
import type { SourceColumn } from "../mapping-types.js";
import { ExpressionError } from "./errors.js";
import { compileExpression } from "./index.js";
import { parse } from "./parser.js";
import { sampleRowsQuery } from "./sample-row.js";
import { boundedText, oversizeProblem } from "../answer-size.js";
import { withConnection } from "../scratch-duckdb.js";
import { walk } from "./ast.js";
import { isoText, TIMESTAMPTZ, TIMESTAMPTZ_LIST } from "./typed.js";
import { jsonText } from "./json-text.js";
import { decimalsMarked, resultJson } from "./result-json.js";
import { isoTexts } from "./zoned-date.js";

export interface Evaluation {
  sql: string;
  type: string;
  /** the value as JSON text (result-json.ts) */
  resultJson: string;
  /** how the value differs from AEP's, when it does */
  notes?: readonly string[];
}

/** The columns of a sample row (a JSON object's text), each number typed as written (sample-row.ts). */
async function rowRelation(rowJson: string): Promise<{ from: string; columns: SourceColumn[] }> {
  const query = sampleRowsQuery(rowJson);
  if (!query) return { from: "(SELECT 1 AS __no_column)", columns: [] };
  const from = `(${query})`;
  return withConnection(async (conn) => {
    try {
      const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjectsJson();
      return { from, columns: described.map((c) => ({ name: String(c.column_name), type: String(c.column_type) })) };
    } catch (error) {
      throw new ExpressionError(`the sample data cannot be read as columns: ${(error as Error).message.split("\n")[0]}`);
    }
  });
}

export async function evaluate(expression: string, rowJson: string): Promise<Evaluation> {
  const { from, columns } = await rowRelation(rowJson);
  const { sql, type, checks, zone, notes } = compileExpression(expression, columns);
  const decimals = decimalsMarked(sql, type);
  const rendered = type === TIMESTAMPTZ ? `to_json(${isoText(sql, zone)})` : type === TIMESTAMPTZ_LIST ? `to_json(${isoTexts(sql, zone)})` : jsonText(decimals.sql, decimals.type);
  const failed = checks.length === 0 ? "NULL::VARCHAR" : `coalesce(${checks.join(", ")})`;
  const evaluated = await withConnection(async (conn) => {
    try {
      const query = `SELECT ${boundedText("result_json")}, failure FROM (SELECT (${rendered})::VARCHAR AS result_json, ${failed} AS failure FROM ${from})`;
      const [value, bytes, failure] = (await conn.runAndReadAll(query)).getRows()[0];
      return { resultJson: resultJson(value === null ? null : String(value), decimals.mark), failure, oversize: oversizeProblem("the result", bytes) };
    } catch (error) {
      throw new ExpressionError(`the expression cannot be evaluated over the sample data: ${(error as Error).message.split("\n")[0]}`);
    }
  });
  // what a run makes a row error (an overflow) refuses the sample, never answers null
  if (evaluated.failure !== null) throw new ExpressionError(`the expression cannot be computed over the sample data: ${String(evaluated.failure)}`);
  if (evaluated.oversize) throw new ExpressionError(evaluated.oversize);
  return notes ? { sql, type, resultJson: evaluated.resultJson, notes } : { sql, type, resultJson: evaluated.resultJson };
}

/** The fields an expression reads at the top of the row: what a validation without sample data assumes exist. */
export function rootFields(expression: string): string[] {
  const names = new Set<string>();
  walk(parse(expression), (node) => {
    if (node.kind === "field") names.add(node.name);
  });
  return [...names];
}
