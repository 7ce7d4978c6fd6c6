/**
 * Generated columns (the generatedColumns feature): a top-level column whose field metadata holds `delta.generationExpression`, a
 * Spark SQL expression over the row's other columns. Every row written must hold that expression's value there (`<=>`, so NULL
 * matches NULL). As with CHECK constraints, this library cannot evaluate Spark SQL, so the writer names the expression's DuckDB SQL
 * in the write's `Checks`, under `generatedCheck(column)`; UPDATE and MERGE compute it again for the rows they change.
 */
import type { StructField, StructType } from "./types.js";
import { quoteIdent } from "./sql.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";

export const GENERATION_EXPRESSION = "delta.generationExpression";

/** the key a write's Checks gives a generated column's expression under */
export const generatedCheck = (column: string): string => `Generated Column ${column}`;

/** the column's generation expression as stored (Spark SQL), if it is a generated column */
export function generationExpression(field: StructField): string | undefined {
  const text = field.metadata?.[GENERATION_EXPRESSION];
  return typeof text === "string" ? text : undefined;
}

/** the table's generated columns (Delta allows them at the top level only) */
export function generatedColumns(schema: StructType): StructField[] {
  return schema.fields.filter((f) => generationExpression(f) !== undefined);
}

/** the expression's DuckDB SQL (from the write's checks) cast to the column's type */
export const generatedValue = (field: StructField, sql: string): string => `CAST((${sql}) AS ${deltaTypeToDuckDb(field.type)})`;

/**
 * `select`'s rows with each generated column computed from the row's values, where `recompute(field)` gives a SQL condition (its
 * rows get the computed value) and not undefined (the column as `select` has it): UPDATE and MERGE compute again the generated columns
 * a SET does not assign, as Delta does, so a row whose inputs change keeps its generated values true.
 */
export function withGeneratedValues(select: string, schema: StructType, checks: Readonly<Record<string, string>> | undefined, recompute: (field: StructField) => string | undefined): string {
  const replaced = generatedColumns(schema).flatMap((field) => {
    const when = recompute(field);
    const sql = checks?.[generatedCheck(field.name)];
    if (when === undefined || sql === undefined) return [];
    const name = quoteIdent(field.name);
    return [`CASE WHEN ${when} THEN ${generatedValue(field, sql)} ELSE ${name} END AS ${name}`];
  });
  return replaced.length === 0 ? select : `SELECT * REPLACE (${replaced.join(", ")}) FROM (${select}) AS generated_from`;
}
