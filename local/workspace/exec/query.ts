/** SELECT (and other queries): translated, streamed, capped at maxResultRows; EXPLAIN of one. */
import { tableResult, tableResultFromDuckDb, type TableResult } from "../results/table-result.js";
import type { Tokens } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { translate } from "./resolve.js";

export async function runQuery(ctx: StatementContext, tokens: Tokens): Promise<TableResult> {
  const sql = await translate(ctx, tokens);
  if (ctx.spillQuery) return ctx.spillQuery(ctx.conn, sql);
  const result = await ctx.conn.stream(sql);
  return tableResultFromDuckDb(result, ctx.parts.maxResultRows);
}

/**
 * EXPLAIN query: one row, `plan`, as Spark answers; the plan is the one DuckDB runs the translated query with (under Spark's
 * "== Physical Plan ==" heading), not Spark's, which the workspace has none of
 */
export async function explainQuery(ctx: StatementContext, tokens: Tokens): Promise<TableResult> {
  const sql = await translate(ctx, tokens);
  const rows = (await ctx.conn.runAndReadAll(`EXPLAIN ${sql}`)).getRowsJson() as string[][];
  const plan = rows.map((row) => row[1]).join("\n");
  return tableResult([{ name: "plan", type: "string" }], [[`== Physical Plan ==\n${plan}`]]);
}
