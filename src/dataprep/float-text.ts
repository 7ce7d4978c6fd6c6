/**
 * A FLOAT or DOUBLE as text: NaN, Infinity and -Infinity as Java and the previews spell them
 * (DuckDB's own text is nan, inf and -inf), any other value as DuckDB's shortest digits.
 */
export function floatText(sql: string): string {
  return `CASE WHEN isnan(${sql}) THEN 'NaN' WHEN ${sql} = 'infinity' THEN 'Infinity' WHEN ${sql} = '-infinity' THEN '-Infinity' ELSE CAST(${sql} AS VARCHAR) END`;
}
