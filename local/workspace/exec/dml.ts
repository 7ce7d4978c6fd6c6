/** INSERT INTO … VALUES / SELECT (by position, as Spark) and DELETE FROM … WHERE. */
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { quoteIdent, sparkToDuckDb, type SparkField } from "../sql/spark-types.js";
import type { Name, Tokens } from "../sql/statements.js";
import { describeQuery, type StatementContext } from "./context.js";
import { resolveTable, translate } from "./resolve.js";

/**
 * SELECT that casts the query's columns, by position, to the table's columns; `sources[k]` is the
 * query column for table field k, or -1 for NULL (a column the INSERT column list leaves out).
 */
export function castToSchema(query: string, fields: SparkField[], sources: number[]): string {
  const width = Math.max(-1, ...sources) + 1;
  const aliases = Array.from({ length: width }, (_, k) => `c${k}`);
  const projection = fields.map((f, k) => {
    const source = sources[k] >= 0 ? `q.${aliases[sources[k]]}` : "NULL";
    return `CAST(${source} AS ${sparkToDuckDb(f.type)}) AS ${quoteIdent(f.name)}`;
  });
  return `SELECT ${projection.join(", ")} FROM (${query}) AS q(${aliases.join(", ")})`;
}

const count = (name: string) => ({ name, type: "long" as const });

export async function insert(ctx: StatementContext, name: Name, columns: string[] | undefined, queryTokens: Tokens): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, name);
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  const query = await translate(ctx, queryTokens);
  const data = await describeQuery(ctx.conn, query);
  let sources: number[];
  if (columns) {
    sources = fields.map(() => -1);
    columns.forEach((col, k) => {
      const index = fields.findIndex((f) => f.name.toLowerCase() === col.toLowerCase());
      if (index < 0) throw sqlErrors.unresolvedColumn(col, full);
      sources[index] = k;
    });
    if (data.length !== columns.length) throw sqlErrors.arity(full, columns.length, data.length);
  } else {
    if (data.length !== fields.length) throw sqlErrors.arity(full, fields.length, data.length);
    sources = fields.map((_, k) => k);
  }
  const result = await table.append(ctx.conn, castToSchema(query, fields, sources), { operation: "WRITE" });
  return tableResult([count("num_affected_rows"), count("num_inserted_rows")], [[result.numRecords, result.numRecords]]);
}

export async function deleteFrom(ctx: StatementContext, name: Name, where: Tokens | undefined): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  const predicate = where ? await translate(ctx, where) : "true";
  const result = await table.deleteWhere(ctx.conn, predicate);
  return tableResult([count("num_affected_rows")], [[result.deletedRows]]);
}
