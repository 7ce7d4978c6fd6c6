/**
 * SQL whose error for one row becomes null for that row (AEP nullifies a failed transformation)
 * instead of failing the run. DuckDB refuses TRY around a volatile function (uuid), so SQL holding
 * one stays as it is; a plain NULL cannot fail.
 */
export function nullOnError(sql: string): string {
  return isVolatile(sql) || /^NULL(::[A-Z ]+)?$/.test(sql) ? sql : `try(${sql})`;
}

/** Whether `sql` draws a new value each time it is evaluated (uuid() is the one function of the language that does). */
export function isVolatile(sql: string): boolean {
  return sql.includes("uuid()");
}
