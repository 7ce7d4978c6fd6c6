/**
 * CHECK constraints (the checkConstraints feature): each `delta.constraints.<name>` property is a boolean expression every row of the
 * table must make true (false or NULL violates it). Its text is Spark SQL, which this library cannot evaluate, so a writer that puts
 * rows in names each constraint's DuckDB SQL (`checks`); a write that would add rows to a table whose constraints it does not name
 * is refused, as a writer that cannot enforce a feature must refuse. Writes that add no values (DELETE, OPTIMIZE, metadata changes)
 * need none. A generated column is checked the same way, as Delta checks it: its value `<=>` its expression (generated-columns.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { DeltaErrors } from "./errors.js";
import { quoteIdent, quoteLiteral } from "./sql.js";
import type { StructType } from "./types.js";
import { generatedCheck, generatedColumns, generatedValue, generationExpression } from "./generated-columns.js";

export const CONSTRAINT_PREFIX = "delta.constraints.";

/** constraint name (or generatedCheck(column)) → DuckDB SQL of its expression over the table's columns */
export type Checks = Readonly<Record<string, string>>;

/** what a write tells checkWritable about the rows it adds: their constraints' SQL, or that it adds no values */
export type RowsWritten = Checks | "no new values";

/** the table's constraints: name → expression as stored */
export function tableConstraints(configuration: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(configuration).filter(([key]) => key.startsWith(CONSTRAINT_PREFIX)).map(([key, expr]) => [key.slice(CONSTRAINT_PREFIX.length), expr]));
}

/** a rule every row written must keep: a CHECK constraint, or a generated column equal to its expression */
interface RowRule {
  /** its key in Checks */
  key: string;
  /** as Delta names it in a violation */
  shown: string;
  /** SQL true for a row that keeps it, given the SQL the writer named */
  holds(sql: string): string;
}

function rowRules(configuration: Record<string, string>, schema: StructType): RowRule[] {
  const constraints = Object.entries(tableConstraints(configuration)).map(([name, expr]) => ({ key: name, shown: `${name} ${expr}`, holds: (sql: string) => `coalesce((${sql}), false)` }));
  const generated = generatedColumns(schema).map((field) => ({
    key: generatedCheck(field.name),
    shown: `Generated Column (\`${field.name}\` <=> ${generationExpression(field)})`,
    holds: (sql: string) => `(${quoteIdent(field.name)} IS NOT DISTINCT FROM ${generatedValue(field, sql)})`,
  }));
  return [...constraints, ...generated];
}

/** the constraints and generated columns of the table that `rows` does not name the SQL of (none when the write adds no values) */
export function uncheckedRules(configuration: Record<string, string>, schema: StructType, rows: RowsWritten | undefined): string[] {
  if (rows === "no new values") return [];
  return rowRules(configuration, schema).filter((rule) => rows?.[rule.key] === undefined).map((rule) => rule.key);
}

/**
 * `relation` with every row checked as it is read: the first row that breaks a constraint (or a generated column's expression) fails
 * the query with a message that `violationOf` turns into DELTA_VIOLATE_CONSTRAINT_WITH_VALUES, so the rows are read once, as they are
 * written
 */
export function checkedRelation(relation: string, configuration: Record<string, string>, schema: StructType, checks: Checks | undefined): string {
  const columns = schema.fields.map((f) => f.name);
  const guards = rowRules(configuration, schema).map((rule) => {
    const holds = rule.holds(checks![rule.key]);
    return `CASE WHEN ${holds} THEN true ELSE error(${violationMessage(rule.shown, holds, columns)}) END`;
  });
  return guards.length === 0 ? relation : `(SELECT * FROM ${relation} AS checked WHERE ${guards.join(" AND ")})`;
}

/** the rows of a (materialised) relation checked, every one: the first that breaks a constraint fails the write */
export async function assertRowsSatisfy(conn: DuckDBConnection, rows: string, configuration: Record<string, string>, schema: StructType, checks: Checks | undefined): Promise<void> {
  await conn.runAndReadAll(`SELECT count(*) FROM ${checkedRelation(rows, configuration, schema, checks)}`).catch((e: unknown) => {
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

/** SQL building the message: the rule, and the values of the columns its expression names (Delta lists those) */
function violationMessage(shown: string, sql: string, columns: readonly string[]): string {
  const named = columns.filter((c) => mentionsColumn(sql, c));
  const values = named.map((c) => `${quoteLiteral(`\n - ${c} : `)} || coalesce(CAST(${quoteIdent(c)} AS VARCHAR), 'null')`);
  return [quoteLiteral(`${MARKER}CHECK constraint ${shown} violated by row with values:`), ...values].join(" || ");
}

