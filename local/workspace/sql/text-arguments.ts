/**
 * A number, boolean, date or timestamp where Spark's string functions take a STRING, cast to one by Spark's implicit cast
 * (ANSI store assignment casts any atomic value to STRING): `length(n)`, `lpad(id, 8, '0')`, `d LIKE '1%'`, where DuckDB's
 * binder refuses them. Before translation each such argument that may not be a string (`n`, `n + 1`, `abs(n)`, `1.5`) is
 * written spark_as_text(x) (engine/spark-functions.ts): x itself where it is a string or a BINARY, else as CAST(x AS STRING)
 * writes it (a DOUBLE `1.0E10`, a DECIMAL(5,2) `1.50`). Values DuckDB types only with their query (an aggregate) are left as
 * written (sql/promotions.ts bindsAlone).
 */
import { castMacroFor } from "../engine/spark-functions.js";
import { bindsAlone, callsStringFunction, isColumn, isNullWord, type Span, type TakenArguments, takenArguments, wrapped } from "./promotions.js";
import { isOp, isWord, type Token } from "./tokenizer.js";

/** the functions that take strings, and which of their arguments: every one, or those at the indexes listed */
const TEXT_ARGUMENTS: Readonly<Record<string, TakenArguments>> = {
  ...Object.fromEntries(
    [
      "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "UPPER", "UCASE", "LOWER", "LCASE", "INITCAP", "TRIM", "LTRIM", "RTRIM", "BTRIM", "ASCII",
      "INSTR", "STARTSWITH", "ENDSWITH", "CONTAINS", "REPLACE", "TRANSLATE",
    ].map((name) => [name, "every"]),
  ),
  ...Object.fromEntries(
    [
      "LEFT", "RIGHT", "REPEAT", "SPLIT", "SPLIT_PART", "SUBSTR", "SUBSTRING", "REGEXP_REPLACE", "REGEXP_EXTRACT", "REGEXP_EXTRACT_ALL",
      "REGEXP_LIKE", "REGEXP_COUNT", "REGEXP_SUBSTR", "REGEXP_INSTR",
    ].map((name) => [name, [0]]),
  ),
  // the padding too: lpad(id, 8, 0)
  LPAD: [0, 2],
  RPAD: [0, 2],
  LOCATE: [0, 1],
  // its third argument a threshold
  LEVENSHTEIN: [0, 1],
};
/** the operators whose left operand Spark takes as a STRING */
const PATTERN_OPERATORS = ["LIKE", "ILIKE", "RLIKE", "REGEXP"];

export function textArguments(tokens: Token[]): Token[] {
  const spans: Span[] = [];
  const value = ({ start, end }: Span) => tokens.slice(start, end + 1);
  for (let k = 0; k < tokens.length; k++) {
    if (PATTERN_OPERATORS.some((word) => isWord(tokens[k], word))) spans.push(...patternOperand(tokens, k).filter((span) => isColumn(value(span))));
    else spans.push(...takenArguments(tokens, k, TEXT_ARGUMENTS).filter((span) => maybeNotText(value(span))));
  }
  // a value that is not a column or a literal read once (castMacroFor): spark_as_text names it several times, and DuckDB binds it at each
  return wrapped(tokens, spans.map((span) => ({ ...span, macro: castMacroFor("spark_as_text", !isColumn(value(span)) && value(span).length > 1) })));
}

/**
 * whether a value is to be written spark_as_text(x): a column, or any value that binds alone but a string literal, a NULL and a
 * string function's call, which are strings already (and nest: a macro's argument is bound again for each macro around it)
 */
function maybeNotText(value: Token[]): boolean {
  if (isColumn(value)) return true;
  const textLiteral = value.length === 1 && value[0].kind === "string";
  const syntax = value.some((t) => SYNTAX_WORDS.some((word) => isWord(t, word)));
  return value.length > 0 && !textLiteral && !syntax && !isNullWord(value) && !callsStringFunction(value) && bindsAlone(value);
}

/** the words of SQL's forms of string functions' arguments, `trim(BOTH ' ' FROM s)`, `substring(s FROM 2 FOR 3)`, and of a value holding IN */
const SYNTAX_WORDS = ["FROM", "FOR", "BOTH", "LEADING", "TRAILING", "PLACING", "IN"];

/** the column just before LIKE (NOT LIKE, …) at `k`: a name, or a qualified one; none for a call of like or ilike */
function patternOperand(tokens: Token[], k: number): Span[] {
  if (isOp(tokens[k + 1], "(")) return [];
  const end = isWord(tokens[k - 1], "NOT") ? k - 2 : k - 1;
  let start = end;
  while (start >= 2 && isOp(tokens[start - 1], ".")) start -= 2;
  return end >= 0 ? [{ start, end }] : [];
}
