/**
 * Generated columns (`c TYPE GENERATED ALWAYS AS (expr)`): CREATE TABLE keeps expr's text in the field's
 * `delta.generationExpression`, after checking it as Delta checks it; every write that puts rows in hands the Delta library each
 * expression's DuckDB SQL (with the CHECK constraints' SQL), which computes the column where INSERT, UPDATE or MERGE leaves it out
 * and refuses a row whose given value differs from it.
 */
import { generatedCheck, generationExpression } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import { defaultOf } from "../sql/column-defaults.js";
import { quoteIdent, sparkSimpleString, sparkToDuckDb, type SparkField } from "../sql/spark-types.js";
import { isOp, isWord, tokenize } from "../sql/tokenizer.js";
import { describeQuery, type StatementContext } from "./context.js";
import { translate } from "./resolve.js";
import { storedValue } from "./stored-values.js";

/** Spark's functions whose value is not a function of their arguments alone, which a generated column cannot use */
const NON_DETERMINISTIC = new Set([
  "rand", "randn", "random", "uuid", "shuffle", "now", "current_timestamp", "current_date", "current_timezone", "localtimestamp",
  "curdate", "monotonically_increasing_id", "spark_partition_id", "input_file_name", "input_file_block_start",
  "input_file_block_length", "current_user", "user", "session_user", "try_reflect", "reflect", "java_method", "randstr", "uniform",
]);
/** the functions above that Spark also takes as a bare word */
const BARE_NON_DETERMINISTIC = new Set(["current_timestamp", "current_date", "current_user", "user", "session_user", "localtimestamp"]);

const NUMERIC = /^(tinyint|smallint|int|bigint|float|double|decimal\(\d+,\d+\))$/;

/** generatedCheck(column) → the DuckDB SQL of its expression over `relation`'s rows, cast as a value stored into the column */
export async function generatedChecks(ctx: StatementContext, fields: readonly SparkField[], relation: string): Promise<Record<string, string>> {
  const checks: Record<string, string> = {};
  for (const field of fields) {
    const text = generationExpression(field);
    if (text === undefined) continue;
    const sql = await translate(ctx, tokenize(text), (e) => `SELECT (${e}) FROM ${relation}`);
    checks[generatedCheck(field.name)] = storedValue(sql, field);
  }
  return checks;
}

/**
 * CREATE TABLE's generation expressions, checked as Delta checks them: each reads only the table's columns that are not generated,
 * is deterministic, has no aggregate, window function or subquery, and has the column's type (or a numeric type, or DATE for a
 * TIMESTAMP column, which the write casts); a generated column has no DEFAULT.
 */
export async function checkGenerationExpressions(ctx: StatementContext, fields: readonly SparkField[]): Promise<void> {
  const generated = fields.filter((f) => generationExpression(f) !== undefined);
  if (generated.length === 0) return;
  const plain = fields.filter((f) => generationExpression(f) === undefined);
  // one row of NULLs of the columns an expression may read, and a column an aggregate would have to group by
  const columns = [...plain.map((f) => `CAST(NULL AS ${sparkToDuckDb(f.type)}) AS ${quoteIdent(f.name)}`), "0 AS __generated_row"];
  const relation = `(SELECT ${columns.join(", ")}) AS generated_from`;
  for (const field of generated) {
    const text = generationExpression(field)!;
    if (defaultOf(field) !== undefined) throw sqlErrors.generatedColumnWithDefault(field.name);
    refuseUnsupported(field.name, text);
    let type;
    try {
      const sql = await translate(ctx, tokenize(text), (e) => `SELECT (${e}) FROM ${relation}`);
      [type] = await describeQuery(ctx.conn, `SELECT (${sql}), __generated_row FROM ${relation}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/GROUP BY|aggregate/i.test(message)) throw sqlErrors.generatedColumnExpression(field.name, text, "aggregate");
      throw sqlErrors.generatedColumnReferences(field.name, text, message);
    }
    const expressionType = sparkSimpleString(duckToSpark(type.type));
    const columnType = sparkSimpleString(field.type);
    if (!castsTo(expressionType, columnType)) throw sqlErrors.generatedColumnType(field.name, expressionType.toUpperCase(), columnType.toUpperCase());
  }
}

/** a subquery, a window function or a non-deterministic function in the expression's tokens */
function refuseUnsupported(column: string, text: string): void {
  const tokens = tokenize(text);
  tokens.forEach((t, k) => {
    if (isWord(t, "SELECT")) throw sqlErrors.generatedColumnExpression(column, text, "subquery");
    if (isWord(t, "OVER") && k > 0 && isOp(tokens[k - 1], ")")) throw sqlErrors.generatedColumnExpression(column, text, "window");
    if (t.kind !== "ident") return;
    const name = t.value.toLowerCase();
    const called = isOp(tokens[k + 1], "(");
    if ((called && NON_DETERMINISTIC.has(name)) || (!called && BARE_NON_DETERMINISTIC.has(name) && !isOp(tokens[k - 1], "."))) {
      throw sqlErrors.generatedColumnExpression(column, text, "non deterministic");
    }
  });
}

function castsTo(expressionType: string, columnType: string): boolean {
  if (expressionType === columnType || expressionType === "void") return true;
  if (NUMERIC.test(expressionType) && NUMERIC.test(columnType)) return true;
  return expressionType === "date" && columnType === "timestamp";
}
