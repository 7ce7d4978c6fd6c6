import type { StructType } from "./types.js";
import { type DuckType, parseDuckDbType } from "./duckdb-types.js";
import { type TypeDifference, mergeSchemas } from "./schema-evolution.js";
import { parseDecimal, structFromDuckFields } from "./type-mapping.js";
import { InexactCastError } from "./errors.js";

/** How many decimal digits each integer type needs for its largest value. */
const INTEGER_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 19 };
/** The integer types whose every value a float / a double holds exactly (24 and 53 bits of mantissa). */
const EXACT_IN_FLOAT = new Set(["byte", "short"]);
const EXACT_IN_DOUBLE = new Set(["byte", "short", "integer"]);
/** The most significant digits whose every decimal value reads back the same from a float / a double. */
const FLOAT_DIGITS = 6;
const DOUBLE_DIGITS = 15;

/**
 * Whether every value of the Delta primitive type `from` converts to `to` exactly: a wider integer, a
 * DECIMAL with at least as many digits on both sides of the point, an integer the DECIMAL or floating
 * type holds whole. A narrower type, a smaller DECIMAL, and floating values into integers or DECIMALs
 * are not: DuckDB's CAST would round them or fail on the first value out of range. Only numeric
 * types are judged; any other difference is left to the cast.
 */
export function castIsExact(from: string, to: string): boolean {
  const [source, target] = [normalized(from), normalized(to)];
  if (source === target || !isNumeric(source) || !isNumeric(target)) return true;
  const [sourceDecimal, targetDecimal] = [parseDecimal(source), parseDecimal(target)];
  const sourceDigits = INTEGER_DIGITS[source];
  if (sourceDigits !== undefined) {
    if (INTEGER_DIGITS[target] !== undefined) return INTEGER_DIGITS[target] >= sourceDigits;
    if (targetDecimal) return targetDecimal.precision - targetDecimal.scale >= sourceDigits;
    return (target === "double" ? EXACT_IN_DOUBLE : EXACT_IN_FLOAT).has(source);
  }
  if (sourceDecimal) {
    const whole = sourceDecimal.precision - sourceDecimal.scale;
    if (targetDecimal) return targetDecimal.scale >= sourceDecimal.scale && targetDecimal.precision - targetDecimal.scale >= whole;
    if (INTEGER_DIGITS[target] !== undefined) return sourceDecimal.scale === 0 && whole < INTEGER_DIGITS[target];
    return sourceDecimal.precision <= (target === "double" ? DOUBLE_DIGITS : FLOAT_DIGITS);
  }
  return source === "float" && target === "double";
}

/** Every column (dotted path, nested ones too) whose type does not convert exactly into the table's (castIsExact), in the query's order. */
function inexactCasts(table: StructType, columns: readonly { name: string; type: DuckType }[]): TypeDifference[] {
  return mergeSchemas(table, columns).differing.filter((d: TypeDifference) => !castIsExact(d.incomingType, d.tableType));
}

/**
 * Refuses a query whose columns would be cast into the table's types with a loss: the first column
 * whose type does not convert exactly and that holds a value (an unmapped field is NULL of its
 * field's own type, which may differ from the type the table took from its first batch, and is
 * written). `holdsValue` answers for a top-level column.
 */
export async function refuseInexactValues(
  table: StructType,
  columns: readonly { name: string; type: DuckType }[],
  holdsValue: (column: string) => Promise<boolean>,
): Promise<void> {
  for (const inexact of inexactCasts(table, columns)) {
    const top = columns.find((c) => c.name.toLowerCase() === inexact.path.split(".")[0].toLowerCase());
    if (top && !(await holdsValue(top.name))) continue;
    throw new InexactCastError(inexact.path, inexact.tableType, inexact.incomingType);
  }
}

/**
 * castIsExact for DuckDB type names (as DESCRIBE prints them), nested types field by field. A type
 * with no Delta name (INTERVAL, …) is not judged: true.
 */
export function duckCastIsExact(from: string, to: string): boolean {
  try {
    const target = structFromDuckFields([{ name: "v", type: parseDuckDbType(to) }]);
    return mergeSchemas(target, [{ name: "v", type: parseDuckDbType(from) }]).differing.every((d) => castIsExact(d.incomingType, d.tableType));
  } catch {
    return true;
  }
}

function normalized(type: string): string {
  return type.toLowerCase().replace(/\s+/g, "");
}

function isNumeric(type: string): boolean {
  return INTEGER_DIGITS[type] !== undefined || type === "float" || type === "double" || parseDecimal(type) !== null;
}
