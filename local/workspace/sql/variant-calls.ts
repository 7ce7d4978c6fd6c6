/**
 * variant_get(v, path [, type]) and try_variant_get (engine/variant-functions.ts): the path, a string literal as Spark requires, read
 * into its steps (`$`, then `.name`, `['name']`, `["name"]` or `[index]`); the value it names is a VARIANT, or with a type cast to it
 * (a STRING as a variant's text: a string without its quotes, anything else its JSON), a failed cast an error, or NULL in try_variant_get.
 * The call is written spark_variant_get(v, spark_pattern('<steps>', '<path>') [, '<type>']) inside the cast, which names the column
 * as Spark does (sql/subscripts.ts).
 */
import { sqlErrors } from "../errors.js";
import type { JsonPathStep } from "../engine/json-path.js";
import { argBody, tokenMakers, type Call } from "./call.js";
import { Cursor } from "./cursor.js";
import { parseSparkType, sparkSimpleString, sparkSqlType } from "./spark-types.js";
import { tokenize, type Token } from "./tokenizer.js";

const SEGMENT = /\.([^.[]+)|\['([^']*)'\]|\["([^"]*)"\]|\[(\d+)\]/y;

/** a variant path's steps, undefined for text that is no path */
export function variantPathSteps(path: string): JsonPathStep[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const steps: JsonPathStep[] = [];
  for (let at = 1; at < path.length; at = SEGMENT.lastIndex) {
    SEGMENT.lastIndex = at;
    const m = SEGMENT.exec(path);
    if (!m) return undefined;
    const field = m[1] ?? m[2] ?? m[3];
    steps.push(field !== undefined ? { field, anyCase: false } : { index: Number(m[4]) });
  }
  return steps;
}

/** a string literal argument's text, or the refusal of what Spark takes only as a literal */
function literalText(call: Call, k: number, what: string): string {
  const literal = argBody(call.args[k]);
  if (literal.length !== 1 || literal[0].kind !== "string" || literal[0].prefix === "X") throw sqlErrors.unsupported(`${call.name.toLowerCase()}(…) with a ${what} that is not a string literal`);
  return literal[0].value;
}

export function variantGetCall(call: Call): Token[] {
  const fn = call.name.toLowerCase();
  if (call.args.length < 2 || call.args.length > 3) throw sqlErrors.wrongArgumentCount(fn, "[2, 3]", call.args.length);
  const path = literalText(call, 1, "path");
  const steps = variantPathSteps(path);
  if (!steps) throw sqlErrors.invalidVariantPath(path, fn);
  const { make, ident, op, callOf } = tokenMakers(call);
  const pattern = callOf("spark_pattern", [make("string", JSON.stringify(steps))], [make("string", path)]);
  if (call.args.length === 2) return callOf(`spark_${fn}`, argBody(call.args[0]), pattern);
  const cursor = new Cursor(tokenize(literalText(call, 2, "type")));
  const type = parseSparkType(cursor);
  if (!cursor.atEnd()) throw sqlErrors.syntax(`'${cursor.peek().value}'`, `(after ${fn}'s type)`);
  const get = callOf(`spark_${fn}`, argBody(call.args[0]), pattern, [make("string", sparkSimpleString(type))]);
  if (type === "string") return callOf("spark_variant_cast_text", get);
  // Spark casts a fraction to an integral type by dropping it, where DuckDB's cast rounds it
  const value = ["byte", "short", "integer", "long"].includes(type as string) ? callOf("spark_variant_whole", get) : get;
  const sparkType = tokenize(sparkSqlType(type)).filter((t) => t.kind !== "eof");
  return [ident(fn === "try_variant_get" ? "TRY_CAST" : "CAST"), op("("), ...value, ident("AS"), ...sparkType, op(")")];
}
