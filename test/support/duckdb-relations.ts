import type { DuckDBConnection } from "@duckdb/node-api";

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function columnsOf(conn: DuckDBConnection, relation: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
  return r.getRowObjectsJson().map((row) => String(row.column_name));
}

export async function count(conn: DuckDBConnection, relation: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*) FROM ${relation}`);
  return Number(r.getRowsJson()[0][0]);
}

/** Rows of `actual` and `expected` compared as multisets after casting every column to VARCHAR. */
export async function multisetDiff(conn: DuckDBConnection, actual: string, expected: string, columns: string[]): Promise<{ missing: unknown[]; extra: unknown[] }> {
  const select = (rel: string) => `SELECT ${columns.map((c) => `CAST(${q(c)} AS VARCHAR) AS ${q(c)}`).join(", ")} FROM ${rel}`;
  const missing = await conn.runAndReadAll(`${select(expected)} EXCEPT ALL ${select(actual)} LIMIT 5`);
  const extra = await conn.runAndReadAll(`${select(actual)} EXCEPT ALL ${select(expected)} LIMIT 5`);
  return { missing: missing.getRowObjectsJson(), extra: extra.getRowObjectsJson() };
}
