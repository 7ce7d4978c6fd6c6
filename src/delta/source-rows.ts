import type { DuckDBConnection } from "@duckdb/node-api";
import type { StructField, StructType } from "./types.js";
import { deltaTypeToDuckDb, structFromDuckFields } from "./type-mapping.js";
import { type DuckType, parseDuckDbType } from "./duckdb-types.js";
import { mergeSchemas } from "./schema-evolution.js";
import { findField } from "./schema.js";
import { DeltaErrors } from "./errors.js";
import { quoteIdent } from "./sql.js";
import { describeQuery } from "./duck.js";

/** The Delta schema of a query's result, for CREATE TABLE AS SELECT. */
export async function schemaOfQuery(conn: DuckDBConnection, selectSql: string): Promise<StructType> {
  const columns = await describeQuery(conn, selectSql);
  return structFromDuckFields(columns.map((c) => ({ name: c.name, type: parseDuckDbType(c.type) })));
}

/** The query's columns as DuckDB types, for comparing with a table schema field by field. */
export async function queryColumns(conn: DuckDBConnection, selectSql: string): Promise<{ name: string; type: DuckType }[]> {
  return (await describeQuery(conn, selectSql)).map((c) => ({ name: c.name, type: parseDuckDbType(c.type) }));
}

/**
 * The caller's SELECT shaped like the table, as a relation to write from (nothing runs yet): columns matched
 * by name (case-insensitively, as Spark resolves them), cast to the table types, absent nullable columns
 * NULL. A query column the table lacks, top-level or nested in a struct, fails (a cast would drop its
 * values); so does a NOT NULL column the query lacks; the other NOT NULL columns come back in `notNull`,
 * for the writer to count on the files it writes (so the query still runs once). `described`: the query's
 * columns when the caller has them already (queryColumns).
 */
export async function sourceRelation(
  conn: DuckDBConnection,
  selectSql: string,
  schema: StructType,
  described?: { name: string; type: DuckType }[],
): Promise<{ relation: string; notNull: StructField[] }> {
  const columns = described ?? (await queryColumns(conn, selectSql));
  const [unknown] = mergeSchemas(schema, columns).added;
  if (unknown !== undefined) {
    throw DeltaErrors.schemaMismatch(`column ${unknown} of the query is not in the table schema (${schema.fields.map((f) => f.name).join(", ")})`);
  }
  const select = schema.fields.map((field) => {
    const source = findField(columns, field.name);
    if (!source && !field.nullable) throw DeltaErrors.notNullViolation(field.name, -1);
    const value = source ? `q.${quoteIdent(source.name)}` : "NULL";
    return `CAST(${value} AS ${deltaTypeToDuckDb(field.type)}) AS ${quoteIdent(field.name)}`;
  });
  return { relation: `(SELECT ${select.join(", ")} FROM (${selectSql}) AS q)`, notNull: schema.fields.filter((f) => !f.nullable) };
}
