/**
 * CACHE TABLE, UNCACHE TABLE, REFRESH TABLE and CLEAR CACHE: the local workspace reads every table from its files each time and
 * keeps no cache, so each is done once the table or view it names is found (UNCACHE TABLE IF EXISTS: or not); Spark answers
 * them with no columns.
 */
import { emptyResult, type TableResult } from "../results/table-result.js";
import type { Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { findView, resolveTable } from "./resolve.js";
import { SqlError } from "../errors.js";

export function cacheStatement(ctx: StatementContext, table: Name | undefined, ifExists = false): TableResult {
  try {
    if (table && !findView(ctx, table)) resolveTable(ctx, table);
  } catch (e) {
    if (!(ifExists && e instanceof SqlError)) throw e;
  }
  return emptyResult();
}
