/**
 * CHECK constraints (the checkConstraints feature): each `delta.constraints.<name>` property is a boolean expression every row of the
 * table must make true (false or NULL violates it). Its text is Spark SQL, which this library cannot evaluate, so a writer that puts
 * rows in names each constraint's DuckDB SQL (`checks`); a write that would add rows to a table whose constraints it does not name
 * is refused, as a writer that cannot enforce a feature must refuse. Writes that add no values (DELETE, OPTIMIZE, metadata changes)
 * need none.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { DeltaErrors } from "./errors.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

export const CONSTRAINT_PREFIX = "delta.constraints.";

/** constraint name → DuckDB SQL of its expression over the table's columns */
export type Checks = Readonly<Record<string, string>>;

/** what a write tells checkWritable about the rows it adds: their constraints' SQL, or that it adds no values */
export type RowsWritten = Checks | "no new values";

/** the table's constraints: name → expression as stored */
export function tableConstraints(configuration: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(configuration).filter(([key]) => key.startsWith(CONSTRAINT_PREFIX)).map(([key, expr]) => [key.slice(CONSTRAINT_PREFIX.length), expr]));
}

/** the constraints of the table that `rows` does not name the SQL of (none when the write adds no values) */
export function uncheckedConstraints(configuration: Record<string, string>, rows: RowsWritten | undefined): string[] {
  if (rows === "no new values") return [];
  return Object.keys(tableConstraints(configuration)).filter((name) => rows?.[name] === undefined);
}

/**
 * `relation` with every row checked as it is read: the first row that breaks a constraint fails the query with a message that
 * `violationOf` turns into DELTA_VIOLATE_CONSTRAINT_WITH_VALUES, so the rows are read once, as they are written
 */
export function checkedRelation(relation: string, configuration: Record<string, string>, checks: Checks | undefined, columns: readonly string[]): string {
  const guards = Object.entries(tableConstraints(configuration)).map(
    ([name, expr]) => `CASE WHEN coalesce((${checks![name]}), false) THEN true ELSE error(${violationMessage(name, expr, checks![name], columns)}) END`,
  );
  return guards.length === 0 ? relation : `(SELECT * FROM ${relation} AS checked WHERE ${guards.join(" AND ")})`;
}

/** the rows of a (materialised) relation checked, every one: the first that breaks a constraint fails the write */
export async function assertRowsSatisfy(conn: DuckDBConnection, rows: string, configuration: Record<string, string>, checks: Checks | undefined, columns: readonly string[]): Promise<void> {
  await conn.runAndReadAll(`SELECT count(*) FROM ${checkedRelation(rows, configuration, checks, columns)}`).catch((e: unknown) => {
    throw violationOf(e) ?? e;
  });
}

const MARKER = "[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] ";

/** the DeltaError a failed check's query error stands for, or undefined for another error */
export function violationOf(e: unknown): Error | undefined {
  const message = e instanceof Error ? e.message : "";
  const at = message.indexOf(MARKER);
  return at < 0 ? undefined : DeltaErrors.checkViolated(message.slice(at + MARKER.length));
}

/** whether an expression's text names the column: its name as a word (or in quotes or backticks), in any case */
export function mentionsColumn(text: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`, "i").test(text);
}

/** SQL building the message: the constraint, and the values of the columns its expression names (Delta lists those) */
function violationMessage(name: string, expr: string, sql: string, columns: readonly string[]): string {
  const named = columns.filter((c) => mentionsColumn(sql, c));
  const values = named.map((c) => `${quoteLiteral(`\n - ${c} : `)} || coalesce(CAST(${quoteIdent(c)} AS VARCHAR), 'null')`);
  return [quoteLiteral(`${MARKER}CHECK constraint ${name} ${expr} violated by row with values:`), ...values].join(" || ");
}

