/**
 * Spark's percentiles as DuckDB computes them: percentile, median and percentile_cont interpolate
 * between DOUBLEs, as Spark's do, where DuckDB's quantile_cont of a DECIMAL answers a DECIMAL rounded to
 * its scale (the median of 0.01 and 0.02 would be 0.01); percentile_approx answers a value of its column.
 */
import { sqlErrors } from "../errors.js";
import { Cursor } from "./cursor.js";
import { isWord, madeToken, type Token } from "./tokenizer.js";

/** the exact and approximate percentile functions the translator writes anew (sql/translate.ts percentileCall) */
export const PERCENTILE_FUNCTIONS: ReadonlySet<string> = new Set(["percentile", "median", "percentile_approx", "approx_percentile"]);

/** Spark's default accuracy of percentile_approx, which its column name shows */
const DEFAULT_ACCURACY = "10000";

/**
 * The DuckDB form of a percentile call whose arguments are translated (`args`, split at top-level commas):
 * `spark_<fn>(quantile_cont(CAST(x AS DOUBLE), p) …)`, the macro keeping what Spark's column name needs;
 * `aggregate(name, args)` writes an aggregate call with the call's DISTINCT, FILTER and OVER.
 */
export function percentileSql(fn: string, args: string[], aggregate: (name: string, args: string) => string): string {
  const [x, p, accuracy] = args;
  if (fn === "median") {
    if (args.length !== 1) throw sqlErrors.syntax("')'", "(median takes one argument)");
    return `spark_median(${aggregate("quantile_cont", `CAST(${x} AS DOUBLE), 0.5`)})`;
  }
  if (fn === "percentile") {
    if (args.length === 3) throw sqlErrors.unsupported("percentile(x, p, frequency)");
    if (args.length !== 2) throw sqlErrors.syntax("')'", "(percentile takes a column and a percentage)");
    checkPercentages(fn, p);
    return `spark_percentile(${aggregate("quantile_cont", `CAST(${x} AS DOUBLE), ${p}`)})`;
  }
  if (args.length !== 2 && args.length !== 3) throw sqlErrors.syntax("')'", `(${fn} takes a column, a percentage and an optional accuracy)`);
  checkPercentages(fn, p);
  return `spark_${fn}(${aggregate("quantile_disc", `${x}, ${p}`)}, ${accuracy ?? DEFAULT_ACCURACY})`;
}

/** a literal percentage, or array of them, outside [0, 1] is Spark's analysis error (DuckDB would read a negative one as a descending order) */
function checkPercentages(fn: string, p: string): void {
  const literals = /^(?:list_value\()?([-+0-9.eE,\s]+)\)?$/.exec(p);
  if (!literals) return;
  for (const text of literals[1].replace(/\s+/g, "").split(",")) {
    const value = Number(text);
    if (!(value >= 0 && value <= 1)) throw sqlErrors.percentageOutOfRange(fn, text);
  }
}

/** Spark's column name of a call percentileSql wrote, from DuckDB's (`macro` its spark_ macro's name, `outer` its arguments, `inner` the aggregate's) */
export function percentileName(fn: string, outer: string[], inner: string[]): string {
  const x = /^CAST\((.*) AS "?DOUBLE"?\)$/s.exec(inner[0] ?? "")?.[1] ?? inner[0];
  if (fn === "median") return `median(${x})`;
  if (fn === "percentile") return `percentile(${x}, ${inner[1]}, 1)`;
  return `${fn}(${x}, ${inner[1]}, ${outer[1]})`;
}

/** the macro of a descending percentile's fraction, 1 - p (engine/spark-functions.ts), which the column's name reads as DESC */
export const DESCENDING = "spark_descending_percentile";

/**
 * percentile_cont(p) WITHIN GROUP (ORDER BY x [ASC | DESC] [NULLS …]) with x as CAST((x) AS DOUBLE), so
 * that DuckDB interpolates between DOUBLEs and answers one, as Spark does; DESC as Spark computes it,
 * the ascending percentile 1 - p (interpolating the other way round can differ in the last digit).
 */
export function withinGroupAsDouble(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = out.length - 1; k >= 0; k--) {
    if (!isWord(out[k], "PERCENTILE_CONT") || !(out[k + 1]?.kind === "op" && out[k + 1].value === "(")) continue;
    const close = Cursor.matchParen(out, k + 1);
    if (!isWord(out[close + 1], "WITHIN") || !isWord(out[close + 2], "GROUP") || !isWord(out[close + 4], "ORDER") || !isWord(out[close + 5], "BY")) continue;
    const groupClose = Cursor.matchParen(out, close + 3);
    let end = groupClose;
    while (end > close + 6 && ["ASC", "DESC", "NULLS", "FIRST", "LAST"].some((w) => isWord(out[end - 1], w))) end--;
    const descending = out.slice(end, groupClose).findIndex((t) => isWord(t, "DESC"));
    const at = (value: string, kind: Token["kind"] = "op") => madeToken(kind, value, out[close + 6].pos);
    if (descending >= 0) out.splice(end + descending, 1);
    out.splice(end, 0, at(")"), at("AS", "ident"), at("DOUBLE", "ident"), at(")"));
    out.splice(close + 6, 0, at("CAST", "ident"), at("("), at("("));
    if (descending >= 0) {
      out.splice(close, 0, at(")"));
      out.splice(k + 2, 0, at(DESCENDING, "ident"), at("("));
    }
  }
  return out;
}
