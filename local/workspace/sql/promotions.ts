/**
 * Operands written in a macro's call before translation, for the query's binding to type them (sql/string-number-comparisons.ts,
 * sql/string-number-branches.ts): what to wrap, the common type of several values as Spark widens them, and the wrapping itself.
 */
import { argBody, splitArgs } from "./call.js";
import { Cursor } from "./cursor.js";
import { isNameAt } from "./operand-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** an operand, first and last token, to wrap in a macro: of its literals' kind, or spark_beside with the other operand after it */
export interface Promotion {
  start: number;
  end: number;
  macro: string;
  beside?: Token[];
}

/** a value's first and last token */
export interface Span {
  start: number;
  end: number;
}

/** the arguments of the call whose name is at `k` (not a qualified name's last part); undefined where there is no such call */
export function argumentSpans(tokens: Token[], k: number): Span[] | undefined {
  if (!isOp(tokens[k + 1], "(") || isOp(tokens[k - 1], ".")) return undefined;
  const close = Cursor.closingParen(tokens, k + 1);
  if (close < 0) return undefined;
  const spans: Span[] = [];
  let start = k + 2;
  for (const arg of splitArgs(tokens.slice(k + 2, close)).map(argBody)) {
    spans.push({ start, end: start + arg.length - 1 });
    start += arg.length + 1;
  }
  return spans;
}

/** which arguments of a function a pass reads: every one, those at the indexes listed, or those listed for its number of arguments */
export type TakenArguments = "every" | readonly number[] | ((arity: number) => readonly number[]);

/** the arguments the function of the call at `k` takes so, by its name in upper case in `taken`; none for another function */
export function takenArguments(tokens: Token[], k: number, taken: Readonly<Record<string, TakenArguments>>): Span[] {
  const t = tokens[k];
  const which = t.kind === "ident" ? taken[t.value.toUpperCase()] : undefined;
  const spans = which ? argumentSpans(tokens, k) : undefined;
  if (!which || !spans) return [];
  const indexes = which === "every" ? undefined : typeof which === "function" ? which(spans.length) : which;
  return indexes ? spans.filter((_, i) => indexes.includes(i)) : spans;
}

/** the tokens with each span's value in a call of `macro` */
export const wrappedIn = (tokens: Token[], spans: Span[], macro: string): Token[] => wrapped(tokens, spans.map((span) => ({ ...span, macro })));

/**
 * whether a value is a column, qualified or not (`s`, `t.s`): what binds apart from its query, where DuckDB cannot type an
 * aggregate or an outer query's column before it binds the query
 */
export function isColumn(value: Token[]): boolean {
  const path = value.length % 2 === 1 && value.every((t, i) => (i % 2 === 0 ? isNameAt(value, i) && !isOp(value[i + 1], "(") : isOp(t, ".")));
  return path && !isWord(value[0], "NULL");
}

/** Spark's aggregate functions (upper case), whose value DuckDB types only with their query */
const AGGREGATES = new Set([
  "SUM", "TRY_SUM", "AVG", "TRY_AVG", "MEAN", "COUNT", "COUNT_IF", "MIN", "MAX", "MIN_BY", "MAX_BY", "FIRST", "FIRST_VALUE", "LAST", "LAST_VALUE",
  "ANY_VALUE", "COLLECT_LIST", "COLLECT_SET", "ARRAY_AGG", "STRING_AGG", "LISTAGG", "STDDEV", "STD", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE",
  "VAR_POP", "VAR_SAMP", "CORR", "COVAR_POP", "COVAR_SAMP", "KURTOSIS", "SKEWNESS", "PERCENTILE", "PERCENTILE_APPROX", "APPROX_PERCENTILE",
  "PERCENTILE_CONT", "PERCENTILE_DISC", "MEDIAN", "MODE", "APPROX_COUNT_DISTINCT", "BOOL_AND", "BOOL_OR", "EVERY", "SOME", "ANY", "BIT_AND",
  "BIT_OR", "BIT_XOR", "REGR_AVGX", "REGR_AVGY", "REGR_COUNT", "REGR_INTERCEPT", "REGR_R2", "REGR_SLOPE", "REGR_SXX", "REGR_SXY", "REGR_SYY",
  "HISTOGRAM_NUMERIC", "GROUPING", "GROUPING_ID", "SCHEMA_OF_VARIANT_AGG",
]);

/**
 * whether a value binds apart from its query, as the argument of a macro whose overload its type picks: it calls no aggregate,
 * window or subquery (an outer query's column DuckDB refuses there too, and the statement runs again on DuckDB's operators)
 */
export function bindsAlone(value: Token[]): boolean {
  return !value.some((t) => isWord(t, "SELECT")) && !callsAggregate(value);
}

/** whether a value calls an aggregate or a window function of its own query (a subquery's are the subquery's) */
export function callsAggregate(value: Token[]): boolean {
  for (let i = 0; i < value.length; i++) {
    const t = value[i];
    if (isOp(t, "(") && (isWord(value[i + 1], "SELECT") || isWord(value[i + 1], "WITH"))) {
      // a subquery's aggregates are its own (one not closed is left for the parser to report)
      i = Cursor.closingParen(value, i);
      if (i < 0) return false;
    }
    else if (isWord(t, "OVER") || (t.kind === "ident" && isOp(value[i + 1], "(") && AGGREGATES.has(t.value.toUpperCase()))) return true;
  }
  return false;
}

/** functions (upper case) whose value is a STRING whatever their arguments' types */
const STRING_RESULTS = new Set([
  "UPPER", "UCASE", "LOWER", "LCASE", "INITCAP", "TRIM", "LTRIM", "RTRIM", "BTRIM", "LPAD", "RPAD", "REPLACE", "TRANSLATE", "LEFT", "RIGHT",
  "REPEAT", "SPLIT_PART", "SUBSTR", "SUBSTRING", "REGEXP_REPLACE", "REGEXP_EXTRACT", "REGEXP_SUBSTR", "CONCAT", "CONCAT_WS", "FORMAT_STRING",
  "PRINTF", "DATE_FORMAT", "TO_CHAR", "TO_VARCHAR", "STRING", "SPACE", "OVERLAY", "SOUNDEX", "FORMAT_NUMBER", "GET_JSON_OBJECT", "TO_JSON",
  "MD5", "SHA", "SHA1", "SHA2", "BASE64", "HEX", "BIN", "CONV", "CHAR", "CHR", "ELT", "MASK", "URL_ENCODE", "URL_DECODE", "PARSE_URL", "UUID",
]);

/** whether a value is a call of a function whose value is a STRING, `trim(s)`, or a cast to STRING */
export function callsStringFunction(value: Token[]): boolean {
  const name = wholeCallName(value) ?? "";
  return STRING_RESULTS.has(name) || ((name === "CAST" || name === "TRY_CAST") && isWord(value.at(-2), "STRING") && isWord(value.at(-3), "AS"));
}

/** the name (upper case) of the function a value calls as a whole, `trim(s)`; undefined for any other value */
export function wholeCallName(value: Token[]): string | undefined {
  const [name, open] = value;
  return name?.kind === "ident" && isOp(open, "(") && Cursor.closingParen(value, 1) === value.length - 1 ? name.value.toUpperCase() : undefined;
}

/** copies, not the tokens themselves: the translator finds a token by its identity (an aggregate's arguments, typedAggregateCall) */
export const copied = (operand: Token[]): Token[] => operand.map((t) => ({ ...t }));

/** whether a part is the word NULL, whose type matches any overload: it widens to any other */
export const isNullWord = (part: Token[]) => part.length === 1 && isWord(part[0], "NULL");

/** spark_wider(a, b) (engine/spark-functions.ts) of copies of a and b: a value of the type Spark widens them to */
export const wider = (a: Token[], b: Token[], pos: number): Token[] => [
  madeToken("ident", "spark_wider", pos),
  madeToken("op", "(", pos),
  ...copied(a),
  madeToken("op", ",", pos),
  ...copied(b),
  madeToken("op", ")", pos),
];

/** the common type of parts, none of them NULL, as Spark widens them: spark_wider(spark_wider(a, b), c)… */
export const commonType = (parts: Token[][], pos: number): Token[] => parts.slice(1).reduce((w, part) => wider(w, part, pos), copied(parts[0]));

/** the lambdas' parameters, the operand's and the other value's */
const [OPERAND, OTHER] = ["spark_operand", "spark_other"];
/** `list_extract(list_transform([`, which a lambda over a one-element list starts with */
const LIST_OF = (make: (kind: Token["kind"], value: string) => Token) => [make("ident", "list_extract"), make("op", "("), make("ident", "list_transform"), make("op", "("), make("op", "[")];

/**
 * the tokens with each promotion's operand in its macro's call, nested ones too, written in one pass: before a token the
 * calls that close there (an inner operand's first), then the calls that open there (an outer operand's first)
 */
export function wrapped(tokens: Token[], promotions: Promotion[]): Token[] {
  if (promotions.length === 0) return tokens;
  const at = (map: Map<number, Promotion[]>, k: number, promotion: Promotion) => map.set(k, [...(map.get(k) ?? []), promotion]);
  const [opening, closing] = [new Map<number, Promotion[]>(), new Map<number, Promotion[]>()];
  for (const promotion of promotions) {
    at(opening, promotion.start, promotion);
    at(closing, promotion.end + 1, promotion);
  }
  // an operand that does not bind alone (an aggregate's value, which DuckDB types after it picks a macro's overload), or one written
  // beside such a value, is read through a lambda, whose parameter is typed:
  // list_extract(list_transform([operand], spark_operand -> macro(spark_operand)), 1), and beside another value
  // list_extract(list_transform([operand], spark_operand -> list_extract(list_transform([other], spark_other -> macro(spark_operand, spark_other)), 1)), 1)
  const throughLambda = new Map(promotions.map((p) => [p, callsAggregate(tokens.slice(p.start, p.end + 1)) || (p.beside !== undefined && callsAggregate(p.beside))]));
  const out: Token[] = [];
  for (let k = 0; k <= tokens.length; k++) {
    for (const promotion of [...(closing.get(k) ?? [])].sort((a, b) => b.start - a.start)) {
      const { start, beside, macro } = promotion;
      const make = (kind: Token["kind"], value: string) => madeToken(kind, value, tokens[start].pos);
      const op = (value: string) => make("op", value);
      const lambda = (parameter: string, body: Token[]) => [op("]"), op(","), make("ident", parameter), op("->"), ...body, op(")"), op(","), make("number", "1"), op(")")];
      if (!throughLambda.get(promotion)) out.push(...(beside ? [op(","), ...beside] : []), op(")"));
      else if (!beside) out.push(...lambda(OPERAND, [make("ident", macro), op("("), make("ident", OPERAND), op(")")]));
      else out.push(...lambda(OPERAND, [...LIST_OF(make), ...beside, ...lambda(OTHER, [make("ident", macro), op("("), make("ident", OPERAND), op(","), make("ident", OTHER), op(")")])]));
    }
    for (const promotion of [...(opening.get(k) ?? [])].sort((a, b) => b.end - a.end)) {
      const make = (kind: Token["kind"], value: string) => madeToken(kind, value, tokens[promotion.start].pos);
      out.push(...(throughLambda.get(promotion) ? LIST_OF(make) : [make("ident", promotion.macro), make("op", "(")]));
    }
    if (k < tokens.length) out.push(tokens[k]);
  }
  return out;
}
