/**
 * A date plus or minus an interval literal, typed as Spark types it: a DATE stays a DATE for whole days or for years and months
 * (`d + INTERVAL 1 DAY`, `current_date() - INTERVAL '1-2' YEAR TO MONTH`, a month past a shorter month's end landing on its last
 * day), and becomes a TIMESTAMP, in the session's zone, for any other day-time interval (`d + INTERVAL 2 HOURS`), where DuckDB's
 * date plus an interval is always a TIMESTAMP_NTZ. Written as spark_date_add_days(x, i) and the like (engine/spark-functions.ts),
 * whose overload for a DATE x does that; any other x (a TIMESTAMP) keeps DuckDB's operator. Run after the typed operators'
 * pass (sql/decimal-operators.ts), so that the left operand of `d + 1 + INTERVAL 1 DAY` is its sum, already one call.
 */
import { clearSumLeftStart } from "./decimal-operators.js";
import { isProductOperatorAt } from "./concat-operator.js";
import { intervalLiteralAt } from "./interval-literals.js";
import { endsOperandAt } from "./operand-words.js";
import { isOp, madeToken, type Token } from "./tokenizer.js";

const OPERATIONS: Readonly<Record<string, string>> = { "+": "add", "-": "subtract" };

export function dateIntervals(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 1; k < out.length; k++) {
    const operation = out[k].kind === "op" ? OPERATIONS[out[k].value] : undefined;
    const interval = operation && endsOperandAt(out, k - 1) ? intervalLiteralAt(out, k + 1) : undefined;
    // a product takes the interval first (`d + INTERVAL 1 DAY * 2`), a cast or subscript too
    if (!interval || isProductOperatorAt(out, interval.end + 1) || isOp(out[interval.end + 1], "::")) continue;
    const start = clearSumLeftStart(out, k - 1);
    if (start < 0) continue;
    const at = (kind: Token["kind"], value: string) => madeToken(kind, value, out[k].pos);
    const macro = `spark_date_${operation}_${interval.kind === "time" ? "time" : "days"}`;
    const call = [at("ident", macro), at("op", "("), ...out.slice(start, k), at("op", ","), ...out.slice(k + 1, interval.end + 1), at("op", ")")];
    out.splice(start, interval.end + 1 - start, ...call);
    k = start + call.length - 1;
  }
  return out;
}
