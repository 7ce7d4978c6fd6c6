/**
 * CHECK constraints: ALTER TABLE … ADD CONSTRAINT name CHECK (condition) and DROP CONSTRAINT, and the DuckDB SQL of a table's
 * constraints that each write which puts rows in hands to the Delta library, which refuses any row that does not make every one true.
 */
import type { Checks, DeltaTable, Snapshot } from "../../../src/delta/index.js";
import { generationExpression, tableConstraints } from "../../../src/delta/index.js";
import { generatedChecks } from "./generated-columns.js";
import { dropKeyNamed } from "./key-constraints.js";
import { sqlErrors } from "../errors.js";
import { emptyResult, type TableResult } from "../results/table-result.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import type { Name, Tokens } from "../sql/statements.js";
import { tokenize } from "../sql/tokenizer.js";
import { describeQuery, type StatementContext } from "./context.js";
import { resolveTable, translate } from "./resolve.js";

export async function addConstraint(ctx: StatementContext, name: Name, constraint: string, check: Tokens): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, name);
  const expr = sparkSqlText(check);
  await table.changeConstraint({ add: { name: constraint, expr } }, async (snapshot) => {
    const relation = await table.scanRelation(ctx.conn, snapshot);
    const condition = await translate(ctx, check, async (e) => `SELECT (${e}) FROM ${relation}`);
    const [typed] = await describeQuery(ctx.conn, `SELECT (${condition}) FROM ${relation}`);
    if (typed.type.toString() !== "BOOLEAN") throw sqlErrors.nonBooleanCheck(constraint, expr);
    const reader = await ctx.conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${relation} WHERE NOT coalesce((${condition}), false)`);
    const violating = Number(reader.getRows()[0][0]);
    if (violating > 0) throw sqlErrors.newCheckViolated(violating, full, expr);
  });
  return emptyResult();
}

/** DROP CONSTRAINT: a PRIMARY KEY or FOREIGN KEY of that name (exec/key-constraints.ts), else a CHECK constraint */
export async function dropConstraint(ctx: StatementContext, name: Name, constraint: string, ifExists: boolean): Promise<TableResult> {
  const { table, entry } = resolveTable(ctx, name);
  if (await ctx.parts.metastore.mutate(() => dropKeyNamed(ctx, entry, constraint))) return emptyResult();
  await table.changeConstraint({ drop: constraint, ifExists });
  return emptyResult();
}

/**
 * the DuckDB SQL of each of the table's CHECK constraints and generated columns (read from the version the write reads), for a write
 * that puts rows in
 */
export async function tableChecks(ctx: StatementContext, table: DeltaTable, snapshot: Snapshot): Promise<Checks> {
  const constraints = Object.entries(tableConstraints(snapshot.metadata.configuration));
  if (constraints.length === 0 && !snapshot.schema.fields.some((f) => generationExpression(f) !== undefined)) return {};
  const relation = await table.scanRelation(ctx.conn, snapshot);
  const checks: Record<string, string> = await generatedChecks(ctx, snapshot.schema.fields, relation);
  for (const [name, expr] of constraints) checks[name] = await translate(ctx, tokenize(expr), async (e) => `SELECT (${e}) FROM ${relation}`);
  return checks;
}
