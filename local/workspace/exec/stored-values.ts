/** Values stored into a table's column, cast as Spark's store assignment casts them (INSERT, UPDATE, MERGE, a column's DEFAULT). */
import { castMacroType, storeMacro } from "../engine/spark-functions.js";
import { writeSideCheck } from "../sql/char-varchar.js";
import { quoteString, sparkToDuckDb, type SparkField } from "../sql/spark-types.js";

/**
 * A value cast to a column's type as Spark's ANSI store assignment casts it (INSERT, UPDATE): into a
 * TINYINT, SMALLINT, INT or BIGINT column a DOUBLE, FLOAT or DECIMAL is truncated toward zero, where
 * DuckDB's cast rounds, into a DECIMAL column a DOUBLE is rounded by its decimal text, and one out of the
 * type's range fails with CAST_OVERFLOW_IN_TABLE_INSERT naming the column (engine/spark-functions.ts);
 * other types by DuckDB's cast.
 */
export function storeCast(expression: string, field: SparkField): string {
  const macro = storeMacro(field.type);
  return macro ? `${macro}(${expression}, ${quoteString(field.name)}${castMacroType(field.type)})` : `CAST(${expression} AS ${sparkToDuckDb(field.type)})`;
}

/** A value written into a column (UPDATE, MERGE): cast as Spark's store assignment casts it, CHAR/VARCHAR checked */
export function storedValue(expression: string, field: SparkField): string {
  return writeSideCheck(storeCast(`(${expression})`, field), field);
}
