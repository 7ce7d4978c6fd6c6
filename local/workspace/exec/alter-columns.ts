/**
 * ALTER TABLE … ADD COLUMNS, RENAME COLUMN and DROP COLUMNS, each one Delta commit as Databricks makes
 * it: a metaData action with the new schema, and commitInfo with Delta's operation and parameters
 * (DESCRIBE HISTORY shows them; src/runs reads the renames and additions from there). An added column
 * is NULL in the rows already written; RENAME and DROP change only the schema, so they need column
 * mapping (the data files keep each column under its physical name), as on Databricks.
 */
import { checkpointIfDue } from "../../../src/delta/checkpoint-writer.js";
import { buildCommitInfo } from "../../../src/delta/commit-info.js";
import { serializeActions, tryPublishCommit } from "../../../src/delta/commit-file.js";
import { assignColumnMapping, MAX_COLUMN_ID_KEY } from "../../../src/delta/column-mapping.js";
import { assertCompatibleWinners, MAX_COMMIT_ATTEMPTS } from "../../../src/delta/conflicts.js";
import { DeltaErrors } from "../../../src/delta/errors.js";
import { checkWritable, hasWriterFeature } from "../../../src/delta/protocol-support.js";
import { evolvedTableActions, type Evolution } from "../../../src/delta/schema-evolution.js";
import { treeString, typeName } from "./tree-string.js";
import { canWiden, clusteringColumns, type DeltaTable, type DeltaType, deltaTypeToDuckDb, findField, generationExpression, IDENTITY_HIGH_WATER_MARK, identityOf, keptExactly, mentionsColumn, type Snapshot, type StructField, tableConstraints, widened } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { emptyResult, type TableResult } from "../results/table-result.js";
import { quoteIdent, sparkSqlType } from "../sql/spark-types.js";
import { CURRENT_DEFAULT } from "../sql/column-defaults.js";
import { checkDefaultValue } from "./column-defaults.js";
import type { AddedColumn, ColumnChange, Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { resolveTable } from "./resolve.js";

/** What one ALTER makes of the table as a snapshot has it: the new columns and the commit's operation, or nothing to commit. */
interface SchemaChange {
  fields: StructField[];
  partitionColumns?: string[];
  operation: string;
  parameters: Record<string, string>;
}

export async function addColumns(ctx: StatementContext, name: Name, columns: AddedColumn[]): Promise<TableResult> {
  await commitSchemaChange(resolveTable(ctx, name).table, (snapshot) => withAddedColumns(snapshot, columns));
  return emptyResult();
}

export async function renameColumn(ctx: StatementContext, name: Name, column: Name, newName: string): Promise<TableResult> {
  await commitSchemaChange(resolveTable(ctx, name).table, (snapshot) => withRenamedColumn(snapshot, column, newName));
  return emptyResult();
}

/**
 * ALTER TABLE … ALTER COLUMN (and COMMENT ON COLUMN): a column's comment, nullability or place among its siblings changed in one
 * CHANGE COLUMN commit. SET NOT NULL holds only where no row of the version it commits after is NULL there (a lost race checks the
 * winner's version again); a new type is Delta's refusal unless it is the type the column has.
 */
export async function alterColumn(ctx: StatementContext, name: Name, column: Name, change: ColumnChange): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  await commitSchemaChange(table, async (snapshot) => {
    if ("syncIdentity" in change) {
      const mark = await syncedHighWaterMark(ctx, table, snapshot, column);
      return mark === undefined ? undefined : withChangedColumn(snapshot, column, change, mark);
    }
    const changed = withChangedColumn(snapshot, column, change);
    if ("nullable" in change && !change.nullable) await checkNoNulls(ctx, table, snapshot, resolveColumn(snapshot.schema.fields, column).names);
    if ("default" in change && change.default !== null) await checkDefault(ctx, snapshot, column, change.default);
    return changed;
  });
  return emptyResult();
}

export async function dropColumns(ctx: StatementContext, name: Name, columns: Name[], ifExists: boolean): Promise<TableResult> {
  await commitSchemaChange(resolveTable(ctx, name).table, (snapshot) => withoutColumns(snapshot, columns, ifExists));
  return emptyResult();
}

/**
 * Commits the change worked out on the latest snapshot; a lost race works it out again on the winner's
 * version when the winner left the metadata alone, and fails as Delta's MetadataChangedException when not.
 */
async function commitSchemaChange(table: DeltaTable, change: (snapshot: Snapshot) => SchemaChange | undefined | Promise<SchemaChange | undefined>): Promise<void> {
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await table.snapshot({});
    checkWritable(table.root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    const changed = await change(snapshot);
    if (!changed) return;
    let evolution: Evolution = { schema: { type: "struct", fields: changed.fields } };
    deltaTypeToDuckDb(evolution.schema); // every new column's type must be one the table can hold
    if (snapshot.columnMappingMode !== "none") evolution = assignColumnMapping(evolution.schema, Number(snapshot.properties[MAX_COLUMN_ID_KEY] ?? 0));
    const { metadata, protocol } = evolvedTableActions(snapshot, evolution);
    if (changed.partitionColumns) metadata.partitionColumns = changed.partitionColumns;
    const commitInfo = buildCommitInfo({ operation: changed.operation, operationParameters: changed.parameters, readVersion: snapshot.version, isBlindAppend: true, base: snapshot });
    const actions: Record<string, unknown>[] = [{ commitInfo }, { metaData: metadata }];
    if (protocol) actions.push({ protocol });
    if (await tryPublishCommit(table.root, snapshot.version + 1, serializeActions(actions))) {
      await checkpointIfDue(table.root, snapshot.version + 1, metadata.configuration);
      return;
    }
    assertCompatibleWinners(table.root, snapshot, await table.snapshot({}));
  }
  throw DeltaErrors.concurrentModification(table.root, `gave up changing the columns after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}

function withAddedColumns(snapshot: Snapshot, columns: AddedColumn[]): SchemaChange {
  // Spark's analyzer checks every name against the table as it is, then the names among themselves
  const parents = columns.map((c) => {
    const parent = c.path.length ? resolveColumn(snapshot.schema.fields, c.path) : { names: [], type: snapshot.schema };
    if (typeof parent.type === "string" || parent.type.type !== "struct") throw sqlErrors.addColumnParentNotStruct(c.field.name, sparkSqlType(parent.type));
    if (findField(parent.type.fields, c.field.name)) {
      throw sqlErrors.fieldAlreadyExists("add", [...c.path, c.field.name], sparkSqlType(snapshot.schema));
    }
    return parent.names;
  });
  const seen = new Set<string>();
  for (const c of columns) {
    const key = [...c.path, c.field.name].join(".").toLowerCase();
    if (seen.has(key)) throw sqlErrors.columnAlreadyExists([...c.path, c.field.name].map((p) => p.toLowerCase()));
    seen.add(key);
  }
  // Delta refuses NOT NULL once Spark has accepted the names
  if (columns.some((c) => holdsNotNull(c.field))) throw sqlErrors.deltaOperationNotAllowed("NOT NULL in ALTER TABLE ADD COLUMNS");
  let fields = snapshot.schema.fields;
  const logged = columns.map((c, k) => {
    const field: StructField = { ...c.field, metadata: { ...c.field.metadata } };
    fields = inStruct(fields, parents[k], (siblings) => {
      let at = siblings.length;
      if (c.position && "first" in c.position) at = 0;
      else if (c.position) {
        const after = c.position.after.toLowerCase();
        at = siblings.findIndex((f) => f.name.toLowerCase() === after) + 1;
        if (at === 0) throw sqlErrors.unresolvedColumnSuggest([...c.path, c.position.after], siblings.map((f) => [...parents[k], f.name]));
      }
      return [...siblings.slice(0, at), field, ...siblings.slice(at)];
    });
    const position = c.position ? { position: "first" in c.position ? "FIRST" : `AFTER ${c.position.after}` } : {};
    return { column: { name: attributeName([...parents[k], field.name]), type: typeName(field.type), nullable: field.nullable, metadata: field.metadata }, ...position };
  });
  return { fields, operation: "ADD COLUMNS", parameters: { columns: JSON.stringify(logged) } };
}

function withRenamedColumn(snapshot: Snapshot, column: Name, newName: string): SchemaChange {
  const { names } = resolveColumn(snapshot.schema.fields, column);
  const parent = names.slice(0, -1);
  // Spark compares case-insensitively: a new name differing only in case is refused as well
  if (resolvesTo(snapshot.schema.fields, [...parent, newName])) throw sqlErrors.fieldAlreadyExists("rename", [...parent, newName], sparkSqlType(snapshot.schema));
  if (snapshot.columnMappingMode === "none") throw sqlErrors.columnMappingRequired("rename");
  const old = names[names.length - 1];
  assertNothingReads(snapshot, names, "rename");
  const fields = inStruct(snapshot.schema.fields, parent, (own) => own.map((f) => (f.name === old ? { ...f, name: newName } : f)));
  const partitionColumns = parent.length === 0 ? snapshot.metadata.partitionColumns.map((p) => (p === old ? newName : p)) : undefined;
  return {
    fields,
    partitionColumns,
    operation: "RENAME COLUMN",
    parameters: { oldColumnPath: attributeName(names), newColumnPath: attributeName([...parent, newName]) },
  };
}

/**
 * whether ALTER COLUMN … TYPE may widen the column, as Delta's type widening does: the table has it on (`delta.enableTypeWidening`),
 * the change is one it allows, and the column is no partition column
 */
function widens(snapshot: Snapshot, names: string[], from: DeltaType, to: DeltaType): boolean {
  if (snapshot.properties["delta.enableTypeWidening"] !== "true" || !canWiden(from, to)) return false;
  return !(names.length === 1 && snapshot.partitionColumns.some((p) => p.toLowerCase() === names[0].toLowerCase()));
}

/** `highWaterMark`: SYNC IDENTITY's new mark */
function withChangedColumn(snapshot: Snapshot, column: Name, change: ColumnChange, highWaterMark?: number): SchemaChange {
  const { names, type } = resolveColumn(snapshot.schema.fields, column);
  const parent = names.slice(0, -1);
  const own = names[names.length - 1];
  const widening = "type" in change && sparkSqlType(change.type) !== sparkSqlType(type);
  if (widening && !widens(snapshot, names, type, change.type)) throw sqlErrors.alterColumnType(attributeName(names), sparkSqlType(type), sparkSqlType(change.type));
  if ("nullable" in change && !change.nullable && parent.length > 0) throw sqlErrors.unsupported("ALTER COLUMN … SET NOT NULL of a struct's field");
  let changedField: StructField | undefined;
  const fields = inStruct(snapshot.schema.fields, parent, (siblings) => {
    const at = siblings.findIndex((f) => f.name === own);
    const field: StructField = widening ? widened(siblings[at], change.type) : { ...siblings[at], metadata: { ...siblings[at].metadata } };
    if ("comment" in change) {
      if (change.comment === null) delete field.metadata.comment;
      else field.metadata.comment = change.comment;
    }
    if ("nullable" in change) field.nullable = change.nullable;
    if ("default" in change && change.default === null) delete field.metadata[CURRENT_DEFAULT];
    else if ("default" in change) field.metadata[CURRENT_DEFAULT] = change.default;
    if (highWaterMark !== undefined) field.metadata[IDENTITY_HIGH_WATER_MARK] = highWaterMark;
    changedField = field;
    const others = siblings.filter((_, k) => k !== at);
    if (!("position" in change)) return siblings.map((f, k) => (k === at ? field : f));
    if ("first" in change.position) return [field, ...others];
    const after = change.position.after.toLowerCase();
    const to = others.findIndex((f) => f.name.toLowerCase() === after) + 1;
    if (to === 0) throw sqlErrors.unresolvedColumnSuggest([...parent, change.position.after], others.map((f) => [...parent, f.name]));
    return [...others.slice(0, to), field, ...others.slice(to)];
  });
  const field = changedField!;
  const position: Record<string, string> = "position" in change ? { position: "first" in change.position ? "FIRST" : `AFTER ${change.position.after}` } : {};
  return {
    fields,
    operation: "CHANGE COLUMN",
    parameters: { column: JSON.stringify({ name: attributeName(names), type: typeName(field.type), nullable: field.nullable, metadata: field.metadata }), ...position },
  };
}

/**
 * SYNC IDENTITY, as Delta does it: the high-water mark becomes the first value start + n × step at or past the largest value the
 * column holds (the smallest, counting down), so the next value generated is past every value written, a GENERATED BY DEFAULT
 * column's given ones included; never lower than it was (undefined: no change)
 */
async function syncedHighWaterMark(ctx: StatementContext, table: DeltaTable, snapshot: Snapshot, column: Name): Promise<number | undefined> {
  const { names } = resolveColumn(snapshot.schema.fields, column);
  const identity = names.length === 1 ? identityOf(snapshot.schema.fields.find((f) => f.name === names[0])!) : undefined;
  if (!identity) throw sqlErrors.syncNonIdentity();
  const up = identity.step > 0n;
  const relation = await table.scanRelation(ctx.conn, snapshot);
  const [[extreme]] = (await ctx.conn.runAndReadAll(`SELECT ${up ? "max" : "min"}(${quoteIdent(names[0])})::VARCHAR FROM ${relation}`)).getRows();
  if (extreme === null) return undefined;
  const distance = BigInt(extreme as string) - identity.start;
  if (up ? distance < 0n : distance > 0n) return undefined;
  const steps = (distance + identity.step - (up ? 1n : -1n)) / identity.step; // rounded away from the start
  const mark = identity.start + steps * identity.step;
  if (identity.highWaterMark !== undefined && (up ? mark <= identity.highWaterMark : mark >= identity.highWaterMark)) return undefined;
  if (!keptExactly(mark)) throw sqlErrors.unsupported(`SYNC IDENTITY to ${mark}, beyond the integers the table's schema keeps exactly`);
  return Number(mark);
}

/** SET DEFAULT's checks: the table has the allowColumnDefaults feature, and the value is one of the (top-level) column's type that needs no row */
async function checkDefault(ctx: StatementContext, snapshot: Snapshot, column: Name, text: string): Promise<void> {
  if (!hasWriterFeature(snapshot.protocol, "allowColumnDefaults")) throw sqlErrors.columnDefaultsNotEnabled("ALTER TABLE");
  const { names } = resolveColumn(snapshot.schema.fields, column);
  if (names.length > 1) throw sqlErrors.unsupported("ALTER COLUMN … SET DEFAULT of a struct's field");
  await checkDefaultValue(ctx, snapshot.schema.fields.find((f) => f.name === names[0])!, text, "ALTER TABLE");
}

/** SET NOT NULL's check of the rows the version holds: any NULL in the column fails as Delta's NOT NULL violation */
async function checkNoNulls(ctx: StatementContext, table: DeltaTable, snapshot: Snapshot, names: string[]): Promise<void> {
  const relation = await table.scanRelation(ctx.conn, snapshot);
  const reader = await ctx.conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${relation} WHERE ${quoteIdent(names[0])} IS NULL`);
  const nulls = Number(reader.getRows()[0][0]);
  if (nulls > 0) throw sqlErrors.notNullViolated(attributeName(names), nulls);
}

function withoutColumns(snapshot: Snapshot, columns: Name[], ifExists: boolean): SchemaChange | undefined {
  const dropped: string[][] = [];
  for (const column of columns) {
    if (ifExists && !resolvesTo(snapshot.schema.fields, column)) continue;
    dropped.push(resolveColumn(snapshot.schema.fields, column).names);
  }
  if (dropped.length === 0) return undefined;
  if (snapshot.columnMappingMode === "none") throw sqlErrors.columnMappingRequired("drop");
  const partitions = snapshot.metadata.partitionColumns.filter((p) => dropped.some((d) => d.length === 1 && d[0] === p));
  if (partitions.length > 0) throw sqlErrors.dropPartitionColumn(partitions);
  // a clustering column, or a struct holding one
  const clustering = (clusteringColumns(snapshot) ?? []).filter((c) => dropped.some((d) => (c.toLowerCase() + ".").startsWith(d.join(".").toLowerCase() + ".")));
  if (clustering.length > 0) throw sqlErrors.dropClusteringColumn(clustering);
  for (const names of dropped) assertNothingReads(snapshot, names, "drop");
  let fields = snapshot.schema.fields;
  for (const names of dropped) {
    if (!resolvesTo(fields, names)) throw sqlErrors.unresolvedColumnSuggest(names, fields.map((f) => [f.name]));
    const parent = names.slice(0, -1);
    fields = inStruct(fields, parent, (own) => {
      if (own.length === 1) throw sqlErrors.dropOnlyColumn(treeString(own));
      return own.filter((f) => f.name !== names[names.length - 1]);
    });
  }
  return { fields, operation: "DROP COLUMNS", parameters: { columns: JSON.stringify(dropped.map(attributeName)) } };
}

/**
 * a column a CHECK constraint or another column's generation expression names (its top-level name as a word of the expression's
 * text) is neither renamed nor dropped, as in Delta
 */
function assertNothingReads(snapshot: Snapshot, names: string[], action: "rename" | "drop"): void {
  const using = Object.entries(tableConstraints(snapshot.metadata.configuration)).filter(([, expr]) => mentionsColumn(expr, names[0]));
  if (using.length > 0) throw sqlErrors.constraintDependentColumn(attributeName(names), using.map(([name, expr]) => `${name} -> ${expr}`));
  const generated = snapshot.schema.fields.filter((f) => f.name !== names[0] && mentionsColumn(generationExpression(f) ?? "", names[0]));
  if (generated.length > 0) throw sqlErrors.generatedColumnChange(action, attributeName(names), generated.map((f) => f.name));
}

/** a column or nested struct field by its path as written (case-insensitive): its names as the schema spells them, and its type */
function resolveColumn(fields: StructField[], path: Name): { names: string[]; type: DeltaType } {
  const names: string[] = [];
  let type: DeltaType = { type: "struct", fields };
  for (const part of path) {
    const field: StructField | undefined = typeof type !== "string" && type.type === "struct" ? findField(type.fields, part) : undefined;
    if (!field) throw sqlErrors.unresolvedColumnSuggest(path, fields.map((f) => [f.name]));
    names.push(field.name);
    type = field.type;
  }
  return { names, type };
}

function resolvesTo(fields: StructField[], path: Name): boolean {
  try {
    resolveColumn(fields, path);
    return true;
  } catch {
    return false;
  }
}

/** the fields with those of the struct at `parent` (names as the schema spells them; empty: the top level) changed */
function inStruct(fields: StructField[], parent: string[], change: (fields: StructField[]) => StructField[]): StructField[] {
  if (parent.length === 0) return change(fields);
  return fields.map((f) => {
    if (f.name !== parent[0] || typeof f.type === "string" || f.type.type !== "struct") return f;
    return { ...f, type: { ...f.type, fields: inStruct(f.type.fields, parent.slice(1), change) } };
  });
}

function holdsNotNull(field: StructField): boolean {
  const inType = (type: DeltaType): boolean => {
    if (typeof type === "string") return false;
    if (type.type === "array") return inType(type.elementType);
    if (type.type === "map") return inType(type.keyType) || inType(type.valueType);
    return type.fields.some(holdsNotNull);
  };
  return !field.nullable || inType(field.type);
}

/** a column path as Spark's UnresolvedAttribute names it in the log: parts joined by dots, a part holding a dot in backticks */
function attributeName(parts: string[]): string {
  return parts.map((p) => (p.includes(".") ? "`" + p.replaceAll("`", "``") + "`" : p)).join(".");
}
