/**
 * MERGE INTO … USING … ON … WHEN … through the Delta library's merge: the source, the condition and
 * every clause are translated from Spark SQL and bound against the joined target and source before
 * anything is written; `*` takes the target's columns from the source's columns of their names. With schema
 * evolution (WITH SCHEMA EVOLUTION, or Delta's autoMerge setting), `*` also adds the source's columns the
 * target lacks, in the MERGE's own commit, and leaves out the target's the source lacks (kept by an UPDATE, NULL
 * for an INSERT).
 */
import { findField, generationExpression, identityOf, type MergeClause, parseDuckDbType } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { quoteIdent, type SparkField } from "../sql/spark-types.js";
import type { Merge, MergeWhen, Name, Tokens } from "../sql/statements.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { describeQuery, type StatementContext } from "./context.js";
import { count, engineFailure, nameSuffixes, setTarget } from "./dml.js";
import { storedValue } from "./stored-values.js";
import { tableChecks } from "./constraints.js";
import { columnDefaults } from "./column-defaults.js";
import { assignedValue } from "../sql/column-defaults.js";
import { resolveTable, translate } from "./resolve.js";
import { sparkSetting } from "./session-conf.js";

/** Delta's setting that makes every MERGE evolve the schema, as WITH SCHEMA EVOLUTION does */
const AUTO_MERGE = "spark.databricks.delta.schema.autoMerge.enabled";

export async function merge(ctx: StatementContext, s: Merge): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, s.target);
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  const targetAlias = s.targetAlias ?? full[full.length - 1];
  const sourceAlias = s.sourceAlias ?? s.sourceTable?.[s.sourceTable.length - 1] ?? "__auto_generated_subquery_name";
  const source = await translate(ctx, s.source);
  const described = await describeQuery(ctx.conn, source);
  const sourceColumns = described.map((c) => c.name);
  const inSource = (field: SparkField) => sourceColumns.some((c) => c.toLowerCase() === field.name.toLowerCase());
  // schema evolution: `*` takes the source's columns the table lacks too, added in the MERGE's commit, and leaves out the table's the source lacks
  const evolving = s.schemaEvolution || sparkSetting(ctx, AUTO_MERGE)?.trim().toLowerCase() === "true";
  const starred = s.clauses.some((w) => (w.action === "update" && w.set === "*") || (w.action === "insert" && w.columns === "*"));
  const added = evolving && starred ? described.filter((c) => !findField(fields, c.name)) : [];
  // a generated or identity column the source has no column for is computed, as the columns an INSERT list leaves out are
  const starredFields = fields.filter((f) => inSource(f) || (!evolving && generationExpression(f) === undefined && !identityOf(f)));
  const joined = `${await table.scanRelation(ctx.conn, snapshot)} AS ${quoteIdent(targetAlias)}, (${source}) AS ${quoteIdent(sourceAlias)}`;
  const overJoined = (e: string) => `SELECT (${e}) FROM ${joined}`;
  /** translated, and bound against both sides so an unknown name fails as Spark's analyzer fails it */
  const expression = async (tokens: Tokens) => {
    const sql = await translate(ctx, tokens, overJoined);
    await describeQuery(ctx.conn, overJoined(sql));
    return sql;
  };
  /** a condition: translated, and as written, for the commit's operationParameters */
  const condition = async (tokens: Tokens) => ({ sql: await expression(tokens), written: sparkSqlText(tokens) });
  const sourceColumn = (column: string) => `${quoteIdent(sourceAlias)}.${quoteIdent(column)}`;
  const fromSource = (field: SparkField, clause: "UPDATE" | "INSERT") => {
    const column = sourceColumns.find((c) => c.toLowerCase() === field.name.toLowerCase());
    if (column === undefined) throw sqlErrors.mergeUnresolved(`${sourceAlias}.${field.name}`, clause, sourceColumns.map((c) => `${sourceAlias}.${c}`));
    return sourceColumn(column);
  };

  const clauses: MergeClause[] = [];
  for (const w of s.clauses) {
    const clauseCondition = w.condition && (await condition(w.condition));
    if (w.action === "delete") {
      clauses.push({ when: updatedRows(w.when), condition: clauseCondition, action: "delete" });
    } else if (w.action === "update") {
      const set: Record<string, string> = {};
      for (const [field, value] of w.set === "*" ? starredFields.map((f) => [f, fromSource(f, "UPDATE")] as const) : await assignments(w, fields, s, full, targetAlias, expression)) {
        set[field.name] = storedValue(value, field);
      }
      if (w.set === "*") for (const c of added) set[c.name] = sourceColumn(c.name);
      clauses.push({ when: updatedRows(w.when), condition: clauseCondition, action: "update", set });
    } else {
      const values: Record<string, string> = {};
      if (w.columns === "*") {
        for (const f of starredFields) values[f.name] = storedValue(fromSource(f, "INSERT"), f);
        for (const c of added) values[c.name] = sourceColumn(c.name);
      } else {
        if (w.columns.length !== w.values.length) throw sqlErrors.arity(full, w.columns.length, w.values.length);
        for (const [k, name] of w.columns.entries()) {
          const field = findField(fields, name);
          if (!field) throw sqlErrors.unresolvedColumn(name, full);
          if (values[field.name] !== undefined) throw sqlErrors.conflictSetColumn([field.name, name]);
          const value = assignedValue(w.values[k], field);
          if (value) values[field.name] = storedValue(await expression(value), field);
        }
        // the columns the list leaves out take their defaults, as INSERT's do
        for (const [name, sql] of await columnDefaults(ctx, fields)) {
          const field = fields.find((f) => f.name === name)!;
          if (values[name] === undefined) values[name] = storedValue(sql, field);
        }
      }
      clauses.push({ when: "notMatched", condition: clauseCondition, action: "insert", values });
    }
  }
  const on = await condition(s.on);
  try {
    const addColumns = added.map((c) => ({ name: c.name, type: parseDuckDbType(c.type.toString()) }));
    const checks = await tableChecks(ctx, table, snapshot);
    const result = await table.merge(ctx.conn, { source, targetAlias, sourceAlias, on, clauses, addColumns, checks });
    return tableResult(
      [count("num_affected_rows"), count("num_updated_rows"), count("num_deleted_rows"), count("num_inserted_rows")],
      [[result.numAffectedRows, result.numTargetRowsUpdated, result.numTargetRowsDeleted, result.numTargetRowsInserted]],
    );
  } catch (e) {
    throw engineFailure(e) ?? e;
  }
}

/** the clauses that UPDATE or DELETE: the parser takes no other */
function updatedRows(when: MergeWhen["when"]): "matched" | "notMatchedBySource" {
  if (when === "notMatched") throw new Error("internal: a WHEN NOT MATCHED clause that updates or deletes");
  return when;
}

/** an UPDATE SET list's targets resolved against the table (once each, qualified by the target's name or alias at most) */
async function assignments(
  w: Extract<MergeWhen, { action: "update" }>,
  fields: SparkField[],
  s: Merge,
  full: Name,
  targetAlias: string,
  expression: (tokens: Tokens) => Promise<string>,
): Promise<(readonly [SparkField, string])[]> {
  if (w.set === "*") return [];
  const table = {
    fields,
    qualifiers: s.targetAlias !== undefined ? [[targetAlias]] : nameSuffixes(s.target, full),
    candidates: fields.map((f) => [targetAlias, f.name]),
    statement: "MERGE UPDATE",
    assigned: new Map<string, string>(),
  };
  const out: (readonly [SparkField, string])[] = [];
  for (const a of w.set) {
    const field = setTarget(a.target, table);
    const value = assignedValue(a.value, field);
    if (value) out.push([field, await expression(value)]);
  }
  return out;
}
