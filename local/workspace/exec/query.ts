/** SELECT (and other queries): translated, streamed, capped at maxResultRows. */
import { tableResultFromDuckDb, type TableResult } from "../results/table-result.js";
import type { Tokens } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { translate } from "./resolve.js";

export async function runQuery(ctx: StatementContext, tokens: Tokens): Promise<TableResult> {
  const sql = await translate(ctx, tokens);
  if (ctx.spillQuery) return ctx.spillQuery(ctx.conn, sql);
  const result = await ctx.conn.stream(sql);
  return tableResultFromDuckDb(result, ctx.parts.maxResultRows);
}
