/** INSERT INTO … VALUES / SELECT (by position, as Spark), DELETE FROM … WHERE and UPDATE … SET … WHERE. */
import { DuckDBTypeId } from "@duckdb/node-api";
import { DeltaError, DeltaErrorCode, type DeltaTable, findField, identityOf, type Predicate, type Snapshot, withGeneratedValues } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import { emptyResult, tableResult, type TableResult } from "../results/table-result.js";
import { writeSideCheck } from "../sql/char-varchar.js";
import { quoteIdent, sparkSimpleString, type SparkField } from "../sql/spark-types.js";
import { storeCast, storedValue } from "./stored-values.js";
import type { Insert, Name, Tokens, Update } from "../sql/statements.js";
import { isOp, madeToken, type Token } from "../sql/tokenizer.js";
import { isNullWord } from "../sql/promotions.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { describeQuery, type StatementContext } from "./context.js";
import { resolveTable, translate } from "./resolve.js";
import { tableChecks } from "./constraints.js";
import { columnDefaults } from "./column-defaults.js";
import { assignedValue, defaultOf, withDefaultValues } from "../sql/column-defaults.js";
import { sparkColumnName } from "../results/table-result.js";
import { sparkSetting } from "./session-conf.js";

/** a query column a write keeps as it is, after the table's (a column schema evolution adds): its position and name */
export interface KeptColumn {
  source: number;
  name: string;
}

/**
 * SELECT that casts the query's columns, by position, to the table's columns; `sources[k]` is the
 * query column for table field k, or -1 for a column the INSERT column list leaves out: its default (`defaults`), else NULL.
 * The `kept` query columns follow, uncast.
 */
export function castToSchema(query: string, fields: SparkField[], sources: number[], defaults?: ReadonlyMap<string, string>, kept: readonly KeptColumn[] = []): string {
  const width = Math.max(-1, ...sources, ...kept.map((c) => c.source)) + 1;
  const aliases = Array.from({ length: width }, (_, k) => `c${k}`);
  const projection = fields.map((f, k) => {
    const source = sources[k] >= 0 ? `q.${aliases[sources[k]]}` : (defaults?.get(f.name) ?? "NULL");
    return `${writeSideCheck(storeCast(source, f), f)} AS ${quoteIdent(f.name)}`;
  });
  for (const c of kept) projection.push(`q.${aliases[c.source]} AS ${quoteIdent(c.name)}`);
  return `SELECT ${projection.join(", ")} FROM (${query}) AS q(${aliases.join(", ")})`;
}

/**
 * What a write that puts a query's rows in a table (INSERT, COPY INTO) writes: the query's columns cast to the table's as castToSchema
 * casts them, a column the query leaves out its default, a generated one computed from the row and an identity one left to the Delta
 * library to number (`generateIdentity`); and the table's checks, which the write hands the library
 */
export async function rowsToWrite(ctx: StatementContext, table: DeltaTable, snapshot: Snapshot, query: string, sources: number[], kept: readonly KeptColumn[] = []) {
  const fields = snapshot.schema.fields;
  const checks = await tableChecks(ctx, table, snapshot);
  const left = (f: SparkField) => (sources[fields.indexOf(f)] < 0 ? "true" : undefined);
  const select = withGeneratedValues(castToSchema(query, fields, sources, await columnDefaults(ctx, fields), kept), snapshot.schema, checks, left);
  const generateIdentity = fields.filter((f) => identityOf(f) && left(f)).map((f) => f.name);
  return { select, checks, generateIdentity };
}

export const count = (name: string) => ({ name, type: "long" as const });

/**
 * INSERT INTO or INSERT OVERWRITE; Spark answers both with the rows written. A static PARTITION (p = v, …) gives those columns their
 * values, the query the others; with OVERWRITE it replaces only that partition's rows, as REPLACE WHERE replaces the rows its predicate
 * matches (Delta's replaceWhere, one commit). A partition column PARTITION names without a value takes it from the query. With
 * spark.sql.sources.partitionOverwriteMode DYNAMIC, INSERT OVERWRITE of a partitioned table replaces the partitions its rows fall in.
 */
export async function insert(ctx: StatementContext, s: Insert): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, s.table);
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  if (s.partition) checkPartitionColumns(snapshot.partitionColumns, s.partition, full);
  const statics = s.partition?.filter((p): p is StaticValue => p.value !== undefined);
  const spec = statics?.length ? statics.map((p) => p.column.toLowerCase()) : undefined;
  const valueColumns = spec ? (s.columns ?? fields.map((f) => f.name).filter((n) => !spec.includes(n.toLowerCase()))) : s.columns;
  const fieldOfValue = (k: number) => (valueColumns ? fields.find((f) => f.name.toLowerCase() === valueColumns[k]?.toLowerCase()) : fields[k]);
  const values = withDefaultValues(s.query, (k) => {
    const field = fieldOfValue(k);
    return field && defaultOf(field);
  });
  const queryTokens = spec ? withPartitionValues(values, statics!) : values;
  const listed = spec ? [...valueColumns!, ...statics!.map((p) => p.column)] : s.columns;
  const query = await translate(ctx, queryTokens);
  const data = await describeQuery(ctx.conn, query);
  // BY NAME: the query's column names as the column list (the table's columns it does not name take their defaults, else NULL)
  const columns = s.byName ? data.map((c) => sparkColumnName(c.name)) : listed;
  if (columns) {
    const seen = new Set<string>();
    for (const column of columns) {
      if (seen.has(column.toLowerCase())) throw sqlErrors.columnAlreadyExists([column]);
      seen.add(column.toLowerCase());
    }
  }
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
  const { select, checks, generateIdentity } = await rowsToWrite(ctx, table, snapshot, query, sources);
  if (s.overwrite && snapshot.partitionColumns.length > 0 && partitionOverwriteMode(ctx) === "DYNAMIC") {
    return inserted((await table.overwritePartitions(ctx.conn, select, { checks, generateIdentity })).insertedRows);
  }
  const replaced = s.replaceWhere ?? (s.overwrite && spec ? partitionPredicate(statics!) : undefined);
  if (replaced) {
    const sql = await translate(ctx, replaced, async (e) => selectFrom(await table.scanRelation(ctx.conn, snapshot), e));
    return inserted((await table.replaceWhere(ctx.conn, select, { sql, written: sparkSqlText(replaced) }, { checks, generateIdentity })).insertedRows);
  }
  return inserted((await table.append(ctx.conn, select, { operation: "WRITE", overwrite: s.overwrite, checks, generateIdentity })).numRecords);
}

/** what Spark answers an INSERT with: the rows it wrote, affected and inserted */
const inserted = (rows: number) => tableResult([count("num_affected_rows"), count("num_inserted_rows")], [[rows, rows]]);

/** a static partition column of a PARTITION clause, with its value */
export type StaticValue = { column: string; value: Tokens };

const PARTITION_OVERWRITE_MODE = "spark.sql.sources.partitionOverwriteMode";

/** Spark's partitionOverwriteMode as the session or the cluster sets it: STATIC unless set (any other value is refused) */
function partitionOverwriteMode(ctx: StatementContext): "STATIC" | "DYNAMIC" {
  const value = sparkSetting(ctx, PARTITION_OVERWRITE_MODE);
  const mode = (value ?? "STATIC").trim().toUpperCase();
  if (mode !== "STATIC" && mode !== "DYNAMIC") throw sqlErrors.confValue(PARTITION_OVERWRITE_MODE, ["STATIC", "DYNAMIC"], value!);
  return mode;
}

/** every column the PARTITION clause names is one of the table's partition columns, as Spark requires */
export function checkPartitionColumns(partitionColumns: string[], spec: NonNullable<Insert["partition"]>, table: string[]): void {
  for (const { column } of spec) {
    if (!partitionColumns.some((p) => p.toLowerCase() === column.toLowerCase())) throw sqlErrors.nonPartitionColumn(column, table);
  }
}

/** `SELECT *, v AS p, … FROM (query)`: the query's rows with the PARTITION clause's values after its columns */
function withPartitionValues(query: Tokens, spec: StaticValue[]): Tokens {
  const pos = query[0].pos;
  const t = (kind: Token["kind"], value: string) => madeToken(kind, value, pos);
  const values = spec.flatMap(({ column, value }) => [t("op", ","), ...value.slice(0, -1), t("ident", "AS"), t("qident", column)]);
  return [t("ident", "SELECT"), t("op", "*"), ...values, t("ident", "FROM"), t("op", "("), ...query.slice(0, -1), t("op", ")"), query[query.length - 1]];
}

/** the rows a static partition holds: `p <=> (v) AND …` */
export function partitionPredicate(spec: StaticValue[]): Tokens {
  const eof = spec[spec.length - 1].value.at(-1)!;
  const t = (kind: Token["kind"], value: string) => madeToken(kind, value, eof.pos);
  const terms = spec.map(({ column, value }) => [t("qident", column), t("op", "<=>"), t("op", "("), ...value.slice(0, -1), t("op", ")")]);
  return [...terms.flatMap((term, k) => (k === 0 ? term : [t("ident", "AND"), ...term])), eof];
}

/** TRUNCATE TABLE: every row removed in one commit; Spark answers with no columns */
export async function truncate(ctx: StatementContext, name: Name): Promise<TableResult> {
  await resolveTable(ctx, name).table.truncate();
  return emptyResult();
}

/** An expression over a table's rows as a query: what DuckDB binds to type it */
const selectFrom = (relation: string, expression: string) => `SELECT (${expression}) FROM ${relation}`;

export async function deleteFrom(ctx: StatementContext, name: Name, where: Tokens | undefined): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, name);
  // the rows under the table's own name: a subquery of the WHERE names them so (`WHERE EXISTS (… WHERE s.id = t.id)`)
  const alias = full[full.length - 1];
  let predicate: Predicate = "true";
  if (where) {
    const snapshot = await table.snapshot({});
    const relation = `${await table.scanRelation(ctx.conn, snapshot)} AS ${quoteIdent(alias)}`;
    const fields = snapshot.schema.fields;
    const unqualified = unqualify(where, nameSuffixes(name, full), fields, fields.map((f) => [...full, f.name]));
    predicate = await whereCondition(ctx, unqualified, where, (e) => selectFrom(relation, e));
  }
  const result = await table.deleteWhere(ctx.conn, predicate, alias);
  return tableResult([count("num_affected_rows")], [[result.deletedRows]]);
}

/**
 * A DELETE's or UPDATE's WHERE (`tokens`, as the statement wrote it `written`) translated and bound against the table's rows
 * before anything is written, so that a name the table lacks or a condition that is no boolean fails as Spark's analyzer fails it.
 */
async function whereCondition(ctx: StatementContext, tokens: Tokens, written: Tokens, overTable: (e: string) => string | Promise<string>): Promise<Predicate> {
  const sql = await translate(ctx, tokens, overTable);
  const [column] = await describeQuery(ctx.conn, await overTable(sql));
  // a NULL, which Spark takes for a boolean's, DuckDB describes as an INTEGER
  const aNull = isNullWord(tokens.filter((t) => t.kind !== "eof" && !isOp(t, "(") && !isOp(t, ")")));
  if (!aNull && column.type.typeId !== DuckDBTypeId.BOOLEAN) {
    throw sqlErrors.filterNotBoolean(sparkColumnName(column.name), sparkSimpleString(duckToSpark(column.type)).toUpperCase());
  }
  return { sql, written: sparkSqlText(written) };
}

/**
 * UPDATE … SET … WHERE through DeltaTable.updateWhere. Everything Spark's analyzer would refuse is
 * refused here first, with its error text: SET targets are resolved against the table's columns
 * (case-insensitively, once each), and every SET value and the WHERE condition is translated and bound
 * against the table before anything is written, so an unknown column or function fails as it would on
 * a cluster, not as a Delta library error.
 */
export async function update(ctx: StatementContext, s: Update): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, s.table);
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  const qualifiers = s.alias !== undefined ? [[s.alias]] : nameSuffixes(s.table, full);
  // the rows under the alias, else the table's own name: a subquery of the SET or WHERE names them so (`WHERE q.id = t.id - 1`)
  const alias = s.alias ?? full[full.length - 1];
  const relation = `${await table.scanRelation(ctx.conn, snapshot)} AS ${quoteIdent(alias)}`;
  const overTable = (e: string) => selectFrom(relation, e);
  const candidates = fields.map((f) => [...(s.alias !== undefined ? [s.alias] : full), f.name]);

  const assignments: Record<string, string> = {};
  const assigned = new Map<string, string>();
  for (const a of s.assignments) {
    const field = setTarget(a.target, { fields, qualifiers, candidates, statement: "UPDATE", assigned });
    const value = assignedValue(a.value, field);
    if (!value) {
      // SET g = DEFAULT of a generated column: computed again from the row, as any generated column not SET; an identity column is never SET
      if (identityOf(field)) assignments[field.name] = "NULL";
      continue;
    }
    const expression = await translate(ctx, unqualify(value, qualifiers, fields, candidates), overTable);
    await describeQuery(ctx.conn, overTable(expression));
    assignments[field.name] = storedValue(expression, field);
  }
  const predicate = s.where && (await whereCondition(ctx, unqualify(s.where, qualifiers, fields, candidates), s.where, overTable));
  try {
    const result = await table.updateWhere(ctx.conn, assignments, predicate, alias, await tableChecks(ctx, table, snapshot));
    return tableResult([count("num_affected_rows")], [[result.updatedRows]]);
  } catch (e) {
    throw engineFailure(e) ?? e;
  }
}

/**
 * The Delta library reports a failure of DuckDB while it runs the UPDATE (a cast that fails on some
 * row, an overflow) as DELTA_INVALID_ARGUMENT with DuckDB's text at the end; on a cluster these are
 * the runtime errors of the expression (CAST_INVALID_INPUT, ARITHMETIC_OVERFLOW, …).
 */
export function engineFailure(e: unknown) {
  if (!(e instanceof DeltaError) || e.code !== DeltaErrorCode.InvalidArgument) return undefined;
  const m = /: ([A-Z][A-Za-z]*(?: [A-Za-z]+)* Error: [\s\S]*)$/.exec(e.message);
  return m ? sqlErrors.engine(m[1]) : undefined;
}

/**
 * A SET target (UPDATE, MERGE's UPDATE SET) resolved against the table's columns as Spark's analyzer
 * resolves it: without the table's qualifier, case-insensitively, a top-level column, each column at
 * most once (`assigned`: the columns set so far, by the name each was written with).
 */
export function setTarget(
  written: Name,
  table: { fields: SparkField[]; qualifiers: string[][]; candidates: string[][]; statement: string; assigned: Map<string, string> },
): SparkField {
  const target = stripQualifier(written, table.qualifiers);
  const field = table.fields.find((f) => f.name.toLowerCase() === target[0].toLowerCase());
  if (!field) throw sqlErrors.unresolvedColumnSuggest(written, table.candidates);
  if (target.length > 1) throw sqlErrors.unsupported(`${table.statement} SET of a nested field (${written.map((p) => "`" + p + "`").join(".")})`);
  const same = table.assigned.get(field.name);
  if (same !== undefined) throw sqlErrors.conflictSetColumn([same, target[0]]);
  table.assigned.set(field.name, target[0]);
  return field;
}

/** the ways a column may be qualified by the table's name: every suffix of the name as written and as resolved */
export function nameSuffixes(written: Name, resolved: string[]): string[][] {
  const out: string[][] = [];
  for (const name of [written, resolved]) for (let k = 0; k < name.length; k++) out.push(name.slice(k));
  return out.sort((a, b) => b.length - a.length);
}

const sameName = (a: string[], b: string[]) => a.length === b.length && a.every((p, k) => p.toLowerCase() === b[k].toLowerCase());

/** a SET target without the table's qualifier: `t.a` → `a` */
function stripQualifier(target: Name, qualifiers: string[][]): Name {
  const q = qualifiers.find((q) => q.length < target.length && sameName(q, target.slice(0, q.length)));
  return q ? target.slice(q.length) : target;
}

/**
 * Column references qualified by the target table (`t.a`, `db.t.a`, `alias.a`) with the qualifier
 * dropped, since the Delta library evaluates the expressions over an unnamed relation. A dotted name
 * whose head is neither the table nor one of its columns (a struct) is refused as Spark's analyzer
 * refuses it. Only outside subqueries (there a qualifier may name the subquery's own tables) and
 * lambdas (`x -> x.a`).
 */
function unqualify(tokens: Tokens, qualifiers: string[][], fields: { name: string }[], candidates: string[][]): Tokens {
  const lambdas = tokens.some((t) => t.kind === "op" && t.value === "->");
  const isName = (t: Token | undefined) => t !== undefined && (t.kind === "ident" || t.kind === "qident");
  const isDot = (t: Token | undefined) => t !== undefined && t.kind === "op" && t.value === ".";
  const out: Token[] = [];
  const parens: boolean[] = []; // per open '(': is it (inside) a subquery
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === "op" && t.value === "(") {
      const next = tokens[k + 1];
      const query = next?.kind === "ident" && ["SELECT", "WITH", "VALUES", "FROM"].includes(next.value.toUpperCase());
      parens.push(query || parens[parens.length - 1] === true);
    } else if (t.kind === "op" && t.value === ")") parens.pop();
    else if (isName(t) && !parens.includes(true) && !isDot(tokens[k - 1])) {
      const q = qualifiers.find((q) => {
        for (let p = 0; p < q.length; p++) {
          const part = tokens[k + 2 * p];
          if (!isName(part) || part.value.toLowerCase() !== q[p].toLowerCase()) return false;
          if (!isDot(tokens[k + 2 * p + 1])) return false;
        }
        return isName(tokens[k + 2 * q.length]);
      });
      if (q) {
        k += 2 * q.length - 1; // skip the qualifier and its dots; the column comes next
        continue;
      }
      if (!lambdas && isDot(tokens[k + 1]) && isName(tokens[k + 2]) && !findField(fields, t.value)) {
        const chain = [t.value];
        for (let j = k + 1; isDot(tokens[j]) && isName(tokens[j + 1]); j += 2) chain.push(tokens[j + 1].value);
        throw sqlErrors.unresolvedColumnSuggest(chain, candidates);
      }
    }
    out.push(t);
  }
  return out;
}
