/**
 * SHOW TABLE EXTENDED [{IN | FROM} schema] LIKE pattern: SHOW TABLES' rows for the tables and views whose names match, each with
 * its information as Spark writes it, `Key: value` lines then `Schema:` and the columns' tree (what dbt reads a relation's type,
 * provider and columns from).
 */
import type { StructField } from "../../../src/delta/index.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import type { Name } from "../sql/statements.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { sparkColumnName } from "../sql/subscripts.js";
import { describeQuery, type StatementContext, type ViewDefinition } from "./context.js";
import { detailedInformation } from "./describe.js";
import { findView, resolveTable, viewRelation } from "./resolve.js";
import { likePattern, shownSchema } from "./show.js";
import { treeString } from "./tree-string.js";

export async function showTableExtended(ctx: StatementContext, schema: Name | undefined, pattern: string): Promise<TableResult> {
  const [catalog, schemaName] = shownSchema(ctx, schema);
  const match = likePattern(pattern);
  const { metastore } = ctx.parts;
  const rows: [string, string, boolean, string][] = [];
  for (const entry of metastore.tables(catalog, schemaName).filter((t) => match(t.name))) {
    const resolved = resolveTable(ctx, [entry.catalog, entry.schema, entry.name]);
    const snap = await resolved.table.snapshot({});
    const partitions: [string, string][] = snap.partitionColumns.length > 0 ? [["Partition Columns", `[${snap.partitionColumns.map((p) => `\`${p}\``).join(", ")}]`]] : [];
    rows.push([entry.schema, entry.name, false, information([...detailedInformation(ctx, resolved, snap), ...partitions], snap.schema.fields)]);
  }
  for (const entry of metastore.views(catalog, schemaName).filter((v) => match(v.name))) {
    const view = findView(ctx, [entry.catalog, entry.schema, entry.name])!;
    const { items, fields } = await viewItems(ctx, view);
    rows.push([entry.schema, entry.name, false, information([["Catalog", entry.catalog], ["Database", entry.schema], ["Table", entry.name], ["Owner", ctx.parts.user], ...items], fields)]);
  }
  for (const name of [...(ctx.session.temporaryViews?.keys() ?? [])].filter(match).sort()) {
    const { items, fields } = await viewItems(ctx, ctx.session.temporaryViews!.get(name)!);
    rows.push(["", name, true, information([["Table", name], ...items], fields)]);
  }
  return tableResult(
    [
      { name: "database", type: "string" },
      { name: "tableName", type: "string" },
      { name: "isTemporary", type: "boolean" },
      { name: "information", type: "string" },
    ],
    rows,
  );
}

/** a view's type and text, and its columns as its query types them now */
async function viewItems(ctx: StatementContext, view: ViewDefinition): Promise<{ items: [string, string][]; fields: StructField[] }> {
  const columns = await describeQuery(ctx.conn, await viewRelation(ctx, view));
  const fields = columns.map((c) => ({ name: sparkColumnName(c.name), type: duckToSpark(c.type), nullable: true, metadata: {} }));
  const text = sparkSqlText(view.query.filter((t) => t.kind !== "eof"));
  return { items: [["Type", "VIEW"], ["View Text", text], ["View Original Text", text]], fields };
}

/** the information Spark writes of a table: its items' lines, then its schema's tree */
const information = (items: [string, string][], fields: StructField[]) => `${items.map(([key, value]) => `${key}: ${value}`).join("\n")}\nSchema: ${treeString(fields)}\n`;
