/**
 * A number, boolean, date or timestamp where Spark's string functions take a STRING, cast to one by Spark's implicit cast
 * (ANSI store assignment casts any atomic value to STRING): `length(n)`, `lpad(id, 8, '0')`, `d LIKE '1%'`, where DuckDB's
 * binder refuses them. Before translation each such argument that is a column (`n`, `t.n`) is written spark_as_text(x)
 * (engine/spark-functions.ts): x itself where it is a string or a BINARY, else as CAST(x AS STRING) writes it (a DOUBLE
 * `1.0E10`, a DECIMAL(5,2) `1.50`). Other arguments are left as written (sql/promotions.ts isColumn).
 */
import { isColumn, type Span, type TakenArguments, takenArguments, wrappedIn } from "./promotions.js";
import { isOp, isWord, type Token } from "./tokenizer.js";

/** the functions that take strings, and which of their arguments: every one, or those at the indexes listed */
const TEXT_ARGUMENTS: Readonly<Record<string, TakenArguments>> = {
  ...Object.fromEntries(
    [
      "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "UPPER", "UCASE", "LOWER", "LCASE", "INITCAP", "TRIM", "LTRIM", "RTRIM", "BTRIM", "ASCII",
      "INSTR", "STARTSWITH", "ENDSWITH", "CONTAINS", "LEVENSHTEIN",
    ].map((name) => [name, "every"]),
  ),
  ...Object.fromEntries(
    [
      "LPAD", "RPAD", "REPLACE", "TRANSLATE", "LEFT", "RIGHT", "REPEAT", "SPLIT", "SPLIT_PART", "SUBSTR", "SUBSTRING", "REGEXP_REPLACE",
      "REGEXP_EXTRACT", "REGEXP_EXTRACT_ALL", "REGEXP_LIKE", "REGEXP_COUNT", "REGEXP_SUBSTR",
    ].map((name) => [name, [0]]),
  ),
  LOCATE: [0, 1],
};
/** the operators whose left operand Spark takes as a STRING */
const PATTERN_OPERATORS = ["LIKE", "ILIKE", "RLIKE", "REGEXP"];

export function textArguments(tokens: Token[]): Token[] {
  const spans: Span[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const found = PATTERN_OPERATORS.some((word) => isWord(tokens[k], word)) ? patternOperand(tokens, k) : takenArguments(tokens, k, TEXT_ARGUMENTS);
    spans.push(...found.filter(({ start, end }) => isColumn(tokens.slice(start, end + 1))));
  }
  return wrappedIn(tokens, spans, "spark_as_text");
}

/** the column just before LIKE (NOT LIKE, …) at `k`: a name, or a qualified one */
function patternOperand(tokens: Token[], k: number): Span[] {
  const end = isWord(tokens[k - 1], "NOT") ? k - 2 : k - 1;
  let start = end;
  while (start >= 2 && isOp(tokens[start - 1], ".")) start -= 2;
  return end >= 0 ? [{ start, end }] : [];
}
