/** Comparisons between values of any two kinds, as the operators and decode make them. */
import { asNumber, asText, castTo, commonType, isNull, isNumber, isText, type Typed, typed } from "./typed.js";

/**
 * A comparison is never null, as in JEXL: `null == null` is true, a null and a value are unequal,
 * and an ordering with a null is false (`<=`/`>=` are true for two nulls, as JEXL's equality
 * first). Values of different kinds are compared so that no row can make DuckDB fail the run: a
 * number and a string as numbers (a string that is no number equals nothing and orders nothing),
 * anything else unlike as text.
 */
export function comparison(operator: string, left: Typed, right: Typed): Typed {
  if (isNull(left) || isNull(right)) return typed(againstNull(operator, isNull(left) ? right : left, isNull(left) && isNull(right)), "BOOLEAN");
  const [l, r, same] = comparable(left, right);
  const bothNull = `((${left.sql}) IS NULL AND (${right.sql}) IS NULL)`;
  switch (operator) {
    case "=":
      return typed(same ? `(${l} IS NOT DISTINCT FROM ${r})` : `coalesce(${l} = ${r}, ${bothNull})`, "BOOLEAN");
    case "<>":
      return typed(same ? `(${l} IS DISTINCT FROM ${r})` : `coalesce(${l} <> ${r}, NOT ${bothNull})`, "BOOLEAN");
    case "<=":
    case ">=":
      return typed(`coalesce(${l} ${operator} ${r}, ${bothNull})`, "BOOLEAN");
    default:
      return typed(`coalesce(${l} ${operator} ${r}, false)`, "BOOLEAN");
  }
}

/** a comparison with the null literal: equal only to a null, ordered with nothing but a null (for `<=`, `>=`) */
function againstNull(operator: string, other: Typed, bothLiterals: boolean): string {
  const isNullSql = bothLiterals ? "true" : `((${other.sql}) IS NULL)`;
  switch (operator) {
    case "=":
    case "<=":
    case ">=":
      return isNullSql;
    case "<>":
      return bothLiterals ? "false" : `((${other.sql}) IS NOT NULL)`;
    default:
      return "false";
  }
}

/** the two sides as SQL of one kind, and whether each is null exactly when its value is (no conversion made it null) */
function comparable(left: Typed, right: Typed): [string, string, boolean] {
  if (left.type === right.type) return [left.sql, right.sql, true];
  // numbers of two types in one that holds both (DuckDB's own can be too narrow for a row's value)
  if (isNumber(left) && isNumber(right)) {
    const type = commonType([left, right]);
    return [castTo(left, type), castTo(right, type), true];
  }
  if ((isNumber(left) && isText(right)) || (isText(left) && isNumber(right))) return [asNumber(left), asNumber(right), false];
  return [asText(left), asText(right), false];
}
