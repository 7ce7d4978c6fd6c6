/**
 * MERGE INTO … USING … ON … WHEN … through the Delta library's merge: the source, the condition and
 * every clause are translated from Spark SQL and bound against the joined target and source before
 * anything is written; `*` takes the target's columns from the source's columns of their names.
 */
import type { MergeClause } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { quoteIdent, type SparkField } from "../sql/spark-types.js";
import type { Merge, MergeWhen, Name, Tokens } from "../sql/statements.js";
import { describeQuery, type StatementContext } from "./context.js";
import { count, engineFailure, nameSuffixes, setTarget, storedValue } from "./dml.js";
import { resolveTable, translate } from "./resolve.js";

export async function merge(ctx: StatementContext, s: Merge): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, s.target);
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  const targetAlias = s.targetAlias ?? full[full.length - 1];
  const sourceAlias = s.sourceAlias ?? s.sourceTable?.[s.sourceTable.length - 1] ?? "__auto_generated_subquery_name";
  const source = await translate(ctx, s.source);
  const sourceColumns = (await describeQuery(ctx.conn, source)).map((c) => c.name);
  const joined = `${await table.scanRelation(ctx.conn, snapshot)} AS ${quoteIdent(targetAlias)}, (${source}) AS ${quoteIdent(sourceAlias)}`;
  const overJoined = (e: string) => `SELECT (${e}) FROM ${joined}`;
  /** translated, and bound against both sides so an unknown name fails as Spark's analyzer fails it */
  const expression = async (tokens: Tokens) => {
    const sql = await translate(ctx, tokens, overJoined);
    await describeQuery(ctx.conn, overJoined(sql));
    return sql;
  };
  const fromSource = (field: SparkField, clause: "UPDATE" | "INSERT") => {
    const column = sourceColumns.find((c) => c.toLowerCase() === field.name.toLowerCase());
    if (column === undefined) throw sqlErrors.mergeUnresolved(`${sourceAlias}.${field.name}`, clause, sourceColumns.map((c) => `${sourceAlias}.${c}`));
    return `${quoteIdent(sourceAlias)}.${quoteIdent(column)}`;
  };

  const clauses: MergeClause[] = [];
  for (const w of s.clauses) {
    const condition = w.condition && (await expression(w.condition));
    if (w.action === "delete") {
      clauses.push({ when: updatedRows(w.when), condition, action: "delete" });
    } else if (w.action === "update") {
      const set: Record<string, string> = {};
      for (const [field, value] of w.set === "*" ? fields.map((f) => [f, fromSource(f, "UPDATE")] as const) : await assignments(w, fields, s, full, targetAlias, expression)) {
        set[field.name] = storedValue(value, field);
      }
      clauses.push({ when: updatedRows(w.when), condition, action: "update", set });
    } else {
      const values: Record<string, string> = {};
      if (w.columns === "*") for (const f of fields) values[f.name] = storedValue(fromSource(f, "INSERT"), f);
      else {
        if (w.columns.length !== w.values.length) throw sqlErrors.arity(full, w.columns.length, w.values.length);
        for (const [k, name] of w.columns.entries()) {
          const field = fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
          if (!field) throw sqlErrors.unresolvedColumn(name, full);
          if (values[field.name] !== undefined) throw sqlErrors.conflictSetColumn([field.name, name]);
          values[field.name] = storedValue(await expression(w.values[k]), field);
        }
      }
      clauses.push({ when: "notMatched", condition, action: "insert", values });
    }
  }
  const on = await expression(s.on);
  try {
    const result = await table.merge(ctx.conn, { source, targetAlias, sourceAlias, on, clauses });
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
  for (const a of w.set) out.push([setTarget(a.target, table), await expression(a.value)]);
  return out;
}
