/** The rewrites of Spark's string functions whose DuckDB form differs (sql/call-rewrites.ts): concat, concat_ws, substring and substr. */
import { FUNCTION_RENAMES, castMacroFor } from "../engine/spark-functions.js";
import { ARRAY_FUNCTIONS, argBody, type Call, splitArgs, tokenMakers } from "./call.js";
import { Cursor } from "./cursor.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** Spark functions whose value is a STRING whatever their arguments (a BINARY argument is read as text), as the local workspace writes them too */
const TEXT_VALUED_FUNCTIONS: ReadonlySet<string> = new Set([
  "upper", "ucase", "lower", "lcase", "initcap", "trim", "ltrim", "rtrim", "concat_ws", "date_format", "regexp_replace", "regexp_extract",
  "replace", "format_string", "printf", "md5", "sha1", "sha2", "repeat", "split_part", "to_json", "string", "array_join",
]);

/** whether an argument's value is a STRING before it is read: a string literal, a cast to STRING, a call of a TEXT_VALUED_FUNCTIONS function or a concat of such an argument */
function isText(arg: Token[]): boolean {
  if (arg.length > 0 && arg.every((t) => t.kind === "string" && t.prefix !== "X")) return true;
  if (arg[0]?.kind !== "ident" || !isOp(arg[1], "(") || Cursor.matchParen(arg, 1) !== arg.length - 1) return false;
  const name = arg[0].value.toLowerCase();
  if (name === "cast" || name === "try_cast") return isWord(arg[arg.length - 3], "AS") && isWord(arg[arg.length - 2], "STRING");
  if (name === "concat") return splitArgs(arg.slice(2, -1)).some((a) => isText(argBody(a)));
  return TEXT_VALUED_FUNCTIONS.has(name);
}

/** whether an argument holds a call: a macro naming it many times reads it once through a lambda then (engine/spark-functions.ts castMacroFor) */
export const holdsCall = (arg: Token[]): boolean => arg.some((t, k) => t.kind === "ident" && isOp(arg[k + 1], "("));

/** an argument Spark turns into a STRING without a cast written: as it is where it is one already (isText), else spark_implicit_string(a), or spark_implicit_string_once(a) where it holds a call */
function implicitText(arg: Token[], call: Call): Token[] {
  if (isText(arg)) return arg;
  return tokenMakers(call).callOf(castMacroFor("spark_implicit_string", holdsCall(arg)), arg);
}

/**
 * concat(a, …) with an argument whose value is a STRING (isText) as spark_concat_text(a, spark_implicit_string(b), …): Spark
 * joins strings then, and an argument already a STRING is not turned into text again. spark_concat, which decides per argument
 * type, names each argument a dozen times in its body, and DuckDB binds an argument once for each: a cast to STRING inside it
 * (spark_cast_string, itself naming its argument often) took a third of a second to plan, two of them over a second.
 */
export function concat(call: Call): Token[] | undefined {
  const args = call.args.map(argBody);
  if (!args.some(isText)) return undefined;
  return tokenMakers(call).callOf("spark_concat_text", ...args.map((a) => implicitText(a, call)));
}

/**
 * concat_ws(sep, a, …) as concat_ws(sep, spark_implicit_string(a), …) (implicitText): a TIMESTAMP written as CAST(ts AS STRING) writes it,
 * without DuckDB's zone offset. With an argument that is a call of a function whose value is an ARRAY (collect_list(x), split(s, r),
 * array(…)) as spark_concat_ws(sep, list_value(list_value(CAST(a AS STRING)), arr, …)): the array's non-NULL elements
 * joined among the other strings, as Spark does, where DuckDB's concat_ws writes the array's text; concat_ws(sep) alone as
 * spark_concat_ws(sep, list_value()), ''. A call of no argument is left as written.
 */
export function concatWs(call: Call): Token[] | undefined {
  const args = call.args.map(argBody);
  const isArrayCall = (a: Token[]) =>
    a[0]?.kind === "ident" && ARRAY_FUNCTIONS.has(a[0].value.toLowerCase()) && isOp(a[1], "(") && Cursor.matchParen(a, 1) === a.length - 1;
  if (args.length < 1) return undefined;
  const { op, ident } = tokenMakers(call);
  const text = (a: Token[]) => [ident("CAST"), op("("), ...a, ident("AS"), ident("STRING"), op(")")];
  // concat_ws(sep) alone joins no strings: '' (NULL for a NULL sep), as Spark's, where DuckDB's needs a string to join
  const arrays = args.length === 1 || args.slice(1).some(isArrayCall);
  const parts = args.slice(1).flatMap((a, k) => [
    ...(k > 0 ? [op(",")] : []),
    ...(!arrays ? implicitText(a, call) : isArrayCall(a) ? a : [ident("list_value"), op("("), ...text(a), op(")")]),
  ]);
  return arrays
    ? [ident("spark_concat_ws"), op("("), ...args[0], op(","), ident("list_value"), op("("), ...parts, op(")"), op(")")]
    : [ident("concat_ws"), op("("), ...args[0], op(","), ...parts, op(")")];
}

/**
 * substring(s FROM p [FOR l]) as substring(s, p [, l]) and overlay(s PLACING r FROM p [FOR l]) as overlay(s, r, p [, l]): the
 * call's top-level PLACING, FROM and FOR become commas (and the name the rename's)
 */
export const fromForAsCommas = (call: Call): Token[] => wordsAsCommas(call, ["FROM", "FOR", "PLACING"]);

/** position(sub IN s) as position(sub, s) */
export const inAsComma = (call: Call): Token[] => wordsAsCommas(call, ["IN"]);

function wordsAsCommas(call: Call, words: readonly string[]): Token[] {
  const { tokens } = call;
  let depth = 0;
  const commas = tokens.map((t, k) => {
    if (k < 2 || k === tokens.length - 1) return t;
    if (t.kind === "op" && (t.value === "(" || t.value === "[")) depth++;
    else if (t.kind === "op" && (t.value === ")" || t.value === "]")) depth--;
    else if (depth === 0 && words.some((word) => isWord(t, word))) return madeToken("op", ",", t.pos);
    return t;
  });
  return [madeToken("ident", FUNCTION_RENAMES[call.name.toLowerCase()] ?? call.name, call.pos), ...commas.slice(1)];
}

/** a java.util.Formatter specifier: its argument index (`2$`), flags (`<` the previous argument's), width, precision and conversion */
const FORMAT_SPECIFIER = /%(?:(\d+)\$)?([-#+ 0,(<]*)(?:\d+)?(?:\.\d+)?([tT]?[a-zA-Z%])/g;

/**
 * format_string(f, …) and printf(f, …) with a literal f: each value a `%s` writes as its text, as Java's Formatter writes any value
 * (spark_implicit_string, a NULL `null`), where DuckDB's printf takes only a string for `%s`; a value some other conversion reads too
 * stays as it is
 */
export function formatStringCall(call: Call): Token[] | undefined {
  const format = argBody(call.args[0] ?? []);
  if (format.length !== 1 || format[0].kind !== "string" || format[0].prefix === "X" || call.args.length < 2) return undefined;
  const conversions = new Map<number, Set<string>>();
  let next = 0;
  let previous = -1;
  for (const [, index, flags, conversion] of format[0].value.matchAll(FORMAT_SPECIFIER)) {
    if (conversion === "%" || conversion === "n") continue;
    const at = flags.includes("<") ? previous : index !== undefined ? Number(index) - 1 : next++;
    previous = at;
    conversions.set(at, (conversions.get(at) ?? new Set()).add(conversion.toLowerCase()));
  }
  const values = call.args.slice(1).map(argBody);
  const asText = (k: number) => conversions.get(k)?.size === 1 && conversions.get(k)?.has("s");
  if (!values.some((_, k) => asText(k))) return undefined;
  const name = call.tokens[0].value.toLowerCase();
  const { callOf } = tokenMakers(call);
  // a NULL is written null, as the Formatter writes it
  const text = (value: Token[]) => callOf("spark_null_text", implicitText(value, call));
  return callOf(FUNCTION_RENAMES[name] ?? name, format, ...values.map((value, k) => (asText(k) ? text(value) : value)));
}
