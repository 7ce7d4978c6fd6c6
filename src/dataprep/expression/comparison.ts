/** Comparisons between values of any two kinds, as the operators and decode make them. */
import { asNumber, asText, isNull, isNumber, isText, isTimestamp, type Typed, typed } from "./typed.js";

/**
 * Values of different kinds are compared so that no row can make DuckDB fail the run: a number and
 * a string as numbers (a string that is no number compares as null), anything else unlike as text.
 */
export function comparison(operator: string, left: Typed, right: Typed): Typed {
  if (left.type === right.type || isNull(left) || isNull(right) || (isNumber(left) && isNumber(right))) return typed(`(${left.sql} ${operator} ${right.sql})`, "BOOLEAN");
  if ((isNumber(left) && isText(right)) || (isText(left) && isNumber(right))) return typed(`(${asNumber(left)} ${operator} ${asNumber(right)})`, "BOOLEAN");
  if (isTimestamp(left) && isTimestamp(right)) return typed(`(${asText(left)} ${operator} ${asText(right)})`, "BOOLEAN");
  return typed(`(${asText(left)} ${operator} ${asText(right)})`, "BOOLEAN");
}
