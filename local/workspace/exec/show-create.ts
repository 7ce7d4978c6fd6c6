/**
 * SHOW CREATE TABLE: the statement that makes a table (or a kept view) as it is now, laid out as Spark prints it: its columns with
 * their NOT NULL and comments, USING delta, PARTITIONED BY or CLUSTER BY, COMMENT, LOCATION and every table property, the protocol's
 * versions and features among them. The workspace runs it back into the same definition.
 */
import { clusteringColumns, generationExpression, identityOf, type StructField } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { CHAR_VARCHAR_TYPE_STRING } from "../sql/char-varchar.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { defaultOf } from "../sql/column-defaults.js";
import { sparkSqlType } from "../sql/spark-types.js";
import type { Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { findView, qualify, resolveTable } from "./resolve.js";
import { keyClause } from "./key-constraints.js";

export async function showCreateTable(ctx: StatementContext, name: Name): Promise<TableResult> {
  return tableResult([{ name: "createtab_stmt", type: "string" }], [[await createStatement(ctx, name)]]);
}

async function createStatement(ctx: StatementContext, name: Name): Promise<string> {
  if (findView(ctx, name)?.temporary) throw sqlErrors.unsupported("SHOW CREATE TABLE of a temporary view");
  const q = qualify(name, ctx.session);
  const kept = ctx.parts.metastore.findView(q.catalog, q.schema, q.table);
  if (kept) {
    const columns = kept.columns ? ` (\n${kept.columns.map((c) => `  ${quoted(c)}`).join(",\n")})` : "";
    return `CREATE VIEW ${[kept.catalog, kept.schema, kept.name].map(quoted).join(".")}${columns}${kept.comment ? `\nCOMMENT ${literal(kept.comment)}` : ""}\nAS ${sparkSqlText(kept.query)}\n`;
  }
  const { table, entry, name: full } = resolveTable(ctx, name);
  const snapshot = await table.snapshot({});
  const definitions = [...snapshot.schema.fields.map((f) => `  ${column(f)}`), ...(entry?.keys ?? []).map((k) => `  ${keyClause(k)}`)];
  const lines = [`CREATE TABLE ${full.map(quoted).join(".")} (`, definitions.join(",\n") + ")", "USING delta"];
  if (snapshot.partitionColumns.length > 0) lines.push(`PARTITIONED BY (${snapshot.partitionColumns.map(quoted).join(", ")})`);
  const clustering = clusteringColumns(snapshot) ?? [];
  if (clustering.length > 0) lines.push(`CLUSTER BY (${clustering.map((c) => c.split(".").map(quoted).join(".")).join(", ")})`);
  const comment = entry?.comment ?? snapshot.metadata.description;
  if (comment) lines.push(`COMMENT ${literal(comment)}`);
  lines.push(`LOCATION ${literal(`file:${table.root}`)}`);
  const protocol = snapshot.protocol;
  const properties: [string, string][] = [
    ...Object.entries(snapshot.metadata.configuration),
    ...[...(protocol.readerFeatures ?? []), ...(protocol.writerFeatures ?? [])].map((f): [string, string] => [`delta.feature.${f}`, "supported"]),
    ["delta.minReaderVersion", String(protocol.minReaderVersion)],
    ["delta.minWriterVersion", String(protocol.minWriterVersion)],
  ];
  const sorted = [...new Map(properties).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  lines.push(`TBLPROPERTIES (\n${sorted.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(",\n")})`);
  return lines.join("\n") + "\n";
}

function column(f: StructField): string {
  const declared = f.metadata[CHAR_VARCHAR_TYPE_STRING];
  const type = typeof declared === "string" ? declared.toUpperCase() : sparkSqlType(f.type);
  const comment = typeof f.metadata.comment === "string" ? ` COMMENT ${literal(f.metadata.comment)}` : "";
  const value = defaultOf(f);
  const generated = generationExpression(f);
  const identity = identityOf(f);
  const clauses = [
    value === undefined ? "" : ` DEFAULT ${value}`,
    generated === undefined ? "" : ` GENERATED ALWAYS AS (${generated})`,
    identity ? ` GENERATED ${identity.allowExplicitInsert ? "BY DEFAULT" : "ALWAYS"} AS IDENTITY (START WITH ${identity.start} INCREMENT BY ${identity.step})` : "",
  ].join("");
  return `${quoted(f.name)} ${type}${f.nullable ? "" : " NOT NULL"}${clauses}${comment}`;
}

/** a name as Spark prints it: plain when it is a plain word, else in backticks */
const quoted = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : "`" + name.replaceAll("`", "``") + "`");
const literal = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
