/**
 * CHAR(n) and VARCHAR(n) columns, as Spark keeps them in a Delta table: the column is a STRING, and
 * its field metadata `__CHAR_VARCHAR_TYPE_STRING` holds the type as declared (`varchar(5)`, or
 * `struct<a:char(2)>` for one inside), which DESCRIBE TABLE shows. A value written to a top-level
 * CHAR(n) or VARCHAR(n) column goes through Spark's write-side check: trailing spaces beyond n are
 * dropped, a CHAR shorter than n is padded with spaces, and anything still longer than n fails with
 * EXCEED_LIMIT_LENGTH.
 */
import { sqlErrors } from "../errors.js";
import { type SparkField, type SparkType, sparkSimpleString, quoteString } from "./spark-types.js";

export const CHAR_VARCHAR_TYPE_STRING = "__CHAR_VARCHAR_TYPE_STRING";

/** A type as declared, with `char(n)`/`varchar(n)` in it, as the column a table keeps: STRING in their place, the declared type in the metadata. */
export function declaredField(name: string, declared: SparkType): SparkField {
  const metadata: Record<string, unknown> = {};
  if (holdsCharVarchar(declared)) metadata[CHAR_VARCHAR_TYPE_STRING] = sparkSimpleString(declared);
  return { name, type: asString(declared), nullable: true, metadata };
}

/** The column's type as DESCRIBE TABLE prints it: the declared CHAR/VARCHAR type, else Spark's simpleString. */
export function describedType(field: SparkField): string {
  const declared = field.metadata[CHAR_VARCHAR_TYPE_STRING];
  return typeof declared === "string" ? declared : sparkSimpleString(field.type);
}

/**
 * `expression` (DuckDB SQL, evaluated more than once) as Spark writes it to the column: as text, checked,
 * trimmed or padded when the column is a top-level CHAR(n) or VARCHAR(n), else unchanged.
 */
export function writeSideCheck(expression: string, field: SparkField): string {
  const declared = field.metadata[CHAR_VARCHAR_TYPE_STRING];
  const m = typeof declared === "string" ? /^(char|varchar)\((\d+)\)$/.exec(declared) : null;
  if (!m) return expression;
  const limit = Number(m[2]);
  const value = `CAST((${expression}) AS VARCHAR)`;
  const fits = m[1] === "char" ? `rpad(${value}, ${limit}, ' ')` : value;
  return (
    `(CASE WHEN ${value} IS NULL THEN NULL WHEN length(${value}) <= ${limit} THEN ${fits} ` +
    `WHEN length(rtrim(${value}, ' ')) <= ${limit} THEN left(${value}, ${limit}) ` +
    `ELSE error(${quoteString(sqlErrors.exceedLimitLength(limit).summary)}) END)`
  );
}

function holdsCharVarchar(t: SparkType): boolean {
  if (typeof t === "string") return /^(char|varchar)\(/.test(t);
  switch (t.type) {
    case "array":
      return holdsCharVarchar(t.elementType);
    case "map":
      return holdsCharVarchar(t.keyType) || holdsCharVarchar(t.valueType);
    case "struct":
      return t.fields.some((f) => holdsCharVarchar(f.type));
  }
}

function asString(t: SparkType): SparkType {
  if (typeof t === "string") return /^(char|varchar)\(/.test(t) ? "string" : t;
  switch (t.type) {
    case "array":
      return { ...t, elementType: asString(t.elementType) };
    case "map":
      return { ...t, keyType: asString(t.keyType), valueType: asString(t.valueType) };
    case "struct":
      return { ...t, fields: t.fields.map((f) => ({ ...f, type: asString(f.type) })) };
  }
}
