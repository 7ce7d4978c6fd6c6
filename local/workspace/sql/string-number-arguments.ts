/**
 * A string where Spark's ANSI mode takes a number, cast to DOUBLE by its implicit cast (a NumericType's default type): the
 * operand of unary `-` and `+`, and the numeric arguments of abs, the rounding, root, exponent, logarithm and trigonometric
 * functions and the statistical aggregates, where DuckDB's binder refuses `-s`, `abs(s)` and `stddev(s)`. Before translation
 * each such operand that is a column (`s`, `t.s`), a string literal or a string function's call (`trim(s)`) is written
 * spark_string_as_double(x) (engine/spark-functions.ts), x itself unless it is a string. Other operands are left as written:
 * DuckDB cannot type an aggregate or an outer query's column apart from its query, which would make `round(sum(x), 2)` run on
 * DuckDB's operators, and a macro's argument is bound again for each macro around it, which nested numeric calls would multiply.
 */
import { operandEnd } from "./ansi-division.js";
import { endsOperandAt } from "./operand-words.js";
import { bindsAlone, callsStringFunction, isColumn, type Span, type TakenArguments, takenArguments, wrappedIn } from "./promotions.js";
import { isOp, type Token } from "./tokenizer.js";

/** the functions that take numbers, and which of their arguments: every one, or the first (round's scale is an INT) */
const NUMERIC_ARGUMENTS: Readonly<Record<string, TakenArguments>> = {
  ...Object.fromEntries(
    [
      "ABS", "NEGATIVE", "POSITIVE", "SQRT", "CBRT", "EXP", "EXPM1", "LN", "LOG", "LOG10", "LOG2", "LOG1P", "POW", "POWER", "HYPOT", "ATAN2",
      "SIN", "COS", "TAN", "COT", "SEC", "CSC", "ASIN", "ACOS", "ATAN", "SINH", "COSH", "TANH", "ASINH", "ACOSH", "ATANH", "DEGREES", "RADIANS",
      "SIGN", "SIGNUM", "RINT", "STDDEV", "STD", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "KURTOSIS", "SKEWNESS",
      "CORR", "COVAR_POP", "COVAR_SAMP",
    ].map((name) => [name, "every"]),
  ),
  ...Object.fromEntries(["CEIL", "CEILING", "FLOOR", "ROUND", "BROUND"].map((name) => [name, [0]])),
};

export function stringNumberArguments(tokens: Token[]): Token[] {
  const spans: Span[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const found = isOp(tokens[k], "-") || isOp(tokens[k], "+") ? signedOperand(tokens, k) : takenArguments(tokens, k, NUMERIC_ARGUMENTS);
    spans.push(...found.filter(({ start, end }) => columnOrString(tokens.slice(start, end + 1))));
  }
  return wrappedIn(tokens, spans, "spark_string_as_double");
}

/** the operand of a unary `-` or `+` at `k`: one that no operand ends before */
function signedOperand(tokens: Token[], k: number): Span[] {
  if (endsOperandAt(tokens, k - 1) || isOp(tokens[k + 1], "-") || isOp(tokens[k + 1], "+")) return [];
  const end = operandEnd(tokens, k + 1);
  return end < 0 ? [] : [{ start: k + 1, end }];
}

/** whether a value is a column, a string literal or a call of a string function (`abs(trim(s))`) that binds alone */
const columnOrString = (value: Token[]) =>
  (value.length === 1 && value[0].kind === "string") || isColumn(value) || (callsStringFunction(value) && bindsAlone(value));
