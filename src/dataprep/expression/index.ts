/**
 * The Data Prep expression language (docs/api/dataprep.md#calculated-fields), compiled to one
 * DuckDB SQL expression over the staged row's columns.
 */
import type { SourceColumn } from "../mapping-types.js";

export class ExpressionError extends Error {}

export interface CompiledExpression {
  sql: string;
  /** DuckDB type of the result when known, "ANY" otherwise */
  type: string;
}

export function compileExpression(expression: string, _columns: readonly SourceColumn[]): CompiledExpression {
  throw new ExpressionError(`calculated fields are not supported yet: ${expression}`);
}
