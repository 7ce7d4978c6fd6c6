/**
 * SQL whose error for one row becomes null for that row (AEP nullifies a failed transformation)
 * instead of failing the run. DuckDB refuses TRY around a volatile function (uuid), so SQL holding
 * one stays as it is; a plain NULL cannot fail.
 */
export function nullOnError(sql: string): string {
  return sql.includes("uuid()") || /^NULL(::[A-Z ]+)?$/.test(sql) ? sql : `try(${sql})`;
}
