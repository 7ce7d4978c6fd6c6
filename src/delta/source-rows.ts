import type { DuckDBConnection } from "@duckdb/node-api";
import type { StructType } from "./types.js";
import { deltaTypeToDuckDb, structFromDuckFields } from "./type-mapping.js";
import { parseDuckDbType } from "./duckdb-types.js";
import { findField } from "./schema.js";
import { DeltaErrors } from "./errors.js";
import { quoteIdent, uniqueName } from "./sql.js";

export async function describeQuery(conn: DuckDBConnection, selectSql: string): Promise<{ name: string; type: string }[]> {
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM (${selectSql}) AS q`);
  return described.getRowObjectsJson().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** The Delta schema of a query's result, for CREATE TABLE AS SELECT. */
export async function schemaOfQuery(conn: DuckDBConnection, selectSql: string): Promise<StructType> {
  const columns = await describeQuery(conn, selectSql);
  return structFromDuckFields(columns.map((c) => ({ name: c.name, type: parseDuckDbType(c.type) })));
}

/**
 * Runs the caller's SELECT once into a temp table shaped like the table: columns matched by name
 * (case-insensitively, as Spark resolves them), cast to the table types, absent nullable columns NULL.
 * NOT NULL columns are checked here, before any file is written.
 */
export async function materializeRows(conn: DuckDBConnection, selectSql: string, schema: StructType): Promise<string> {
  const columns = await describeQuery(conn, selectSql);
  for (const c of columns) {
    if (!findField(schema.fields, c.name)) {
      throw DeltaErrors.schemaMismatch(`column ${c.name} of the query is not in the table schema (${schema.fields.map((f) => f.name).join(", ")})`);
    }
  }
  const select = schema.fields.map((field) => {
    const source = findField(columns, field.name);
    if (!source && !field.nullable) throw DeltaErrors.notNullViolation(field.name, -1);
    const value = source ? `q.${quoteIdent(source.name)}` : "NULL";
    return `CAST(${value} AS ${deltaTypeToDuckDb(field.type)}) AS ${quoteIdent(field.name)}`;
  });
  const table = quoteIdent(uniqueName("rows"));
  await conn.run(`CREATE TEMP TABLE ${table} AS SELECT ${select.join(", ")} FROM (${selectSql}) AS q`);
  const required = schema.fields.filter((f) => !f.nullable);
  if (required.length) {
    const counts = (
      await conn.runAndReadAll(`SELECT ${required.map((f) => `count(*) FILTER (WHERE ${quoteIdent(f.name)} IS NULL)`).join(", ")} FROM ${table}`)
    ).getRowsJson()[0];
    const bad = required.findIndex((_, i) => Number(counts[i]) > 0);
    if (bad >= 0) {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
      throw DeltaErrors.notNullViolation(required[bad].name, Number(counts[bad]));
    }
  }
  return table;
}

export async function dropTable(conn: DuckDBConnection, table: string): Promise<void> {
  await conn.run(`DROP TABLE IF EXISTS ${table}`);
}
