/**
 * The Data Prep expression language (docs/api/dataprep.md#calculated-fields), compiled to one
 * DuckDB SQL expression over the staged row's columns.
 */
import type { SourceColumn } from "../mapping-types.js";
import { Compiler } from "./compiler.js";
import { ExpressionError } from "./errors.js";
import { parse } from "./parser.js";
import type { Zone } from "./zoned-date.js";

export { ExpressionError } from "./errors.js";
export { regexProblems } from "./constant-regexes.js";

export interface CompiledExpression {
  sql: string;
  /** DuckDB type of the result when known, "ANY" otherwise */
  type: string;
  /**
   * SQL expressions giving, for a row, why the value cannot be computed (an arithmetic overflow:
   * "big + 1 overflows BIGINT: big = 9223372036854775807"), NULL when it can: the value is then
   * null, and the row must fail with this message rather than keep it
   */
  checks: readonly string[];
  /** a date's zone: it is stored as its instant in a date-time field, written in this zone in a string (zoned-date.ts) */
  zone?: Zone;
  /** how the value differs from AEP's (dates whose zone an array or object does not keep), when it does */
  notes?: readonly string[];
}

/** AEP's limit on a calculated field */
export const MAX_EXPRESSION_LENGTH = 4096;

export function compileExpression(expression: string, columns: readonly SourceColumn[]): CompiledExpression {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`the expression is ${expression.length} characters long; a calculated field has at most ${MAX_EXPRESSION_LENGTH}`);
  }
  if (expression.trim() === "") throw new ExpressionError("the expression is empty", 1, "a literal, a field or a function call");
  const compiler = new Compiler(columns);
  const { sql, type, zone } = compiler.compile(parse(expression));
  const { checks } = compiler;
  const notes = compiler.notes.length > 0 ? { notes: compiler.notes } : {};
  // an untyped null is a VARCHAR null: it takes its destination's type when converted
  if (type === "NULL") return { sql: "NULL::VARCHAR", type: "VARCHAR", checks, ...notes };
  return zone ? { sql, type, checks, zone, ...notes } : { sql, type, checks, ...notes };
}
