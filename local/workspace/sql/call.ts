/**
 * A Spark function's call as the function rewrites (sql/call-rewrites.ts) read it, and what a rewrite
 * answers: the tokens the translator reads in the call's place, or SQL written in place of the whole call.
 */
import type { Tokens } from "./statements.js";
import { madeToken, type Token } from "./tokenizer.js";

/** A call `name(…)` in the query's tokens, before its arguments are translated */
export interface Call {
  /** the function's name as written */
  name: string;
  /** the call's tokens, from its name to its ")" */
  tokens: Token[];
  /** its arguments, split at top-level commas, each ending with an eof token */
  args: Tokens[];
  /** where its "(" stands in the query's text: the position of the tokens a rewrite makes */
  pos: number;
  /** whether OVER follows its ")": a window function's call */
  windowed: boolean;
}

/** what a rewrite may know of the session */
export interface CallContext {
  /** what current_catalog() / current_database() return */
  currentCatalog: string;
  currentSchema: string;
  /** what current_user() and its other names return */
  currentUser: string;
}

/**
 * What a call becomes: the tokens the translator reads in its place, its new name first (its
 * arguments are translated as any others), or `{ sql }` written in place of the whole call;
 * undefined leaves the call as written, for a rename of FUNCTION_RENAMES to apply.
 */
export type Rewritten = Token[] | { sql: string } | undefined;

/** the rewrite of one Spark function's call; it throws SqlError for a call Spark would refuse or the translation cannot write */
export type CallRewrite = (call: Call, ctx: CallContext) => Rewritten;

/** Spark functions whose value is an ARRAY, whatever their arguments: a subscript of their call is an array's */
export const ARRAY_FUNCTIONS: ReadonlySet<string> = new Set([
  "array", "split", "sequence", "sort_array", "array_sort", "array_distinct", "array_union", "array_intersect", "array_except",
  "array_remove", "array_repeat", "array_compact", "array_append", "array_prepend", "array_insert", "slice", "flatten",
  "collect_list", "collect_set", "array_agg", "map_keys", "map_values", "regexp_extract_all", "shuffle", "filter", "transform", "zip_with",
]);

/** splits call arguments at top-level commas; each slice gets an eof */
export function splitArgs(tokens: Token[]): Tokens[] {
  const eof = madeToken("eof", "", tokens[tokens.length - 1]?.pos ?? 0);
  const args: Tokens[] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "op" && t.value === "(") depth++;
    if (t.kind === "op" && t.value === ")") depth--;
    if (depth === 0 && t.kind === "op" && t.value === ",") {
      args.push([...current, eof]);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.length > 0) args.push([...current, eof]);
  return args;
}

/** makers of the tokens a rewrite writes, at the call's position */
export function tokenMakers(call: Call) {
  const make = (kind: Token["kind"], value: string): Token => madeToken(kind, value, call.pos);
  const op = (value: string): Token => make("op", value);
  const ident = (value: string): Token => make("ident", value);
  /** `fn(a, b, …)` of argument token lists */
  const callOf = (fn: string, ...parts: Token[][]): Token[] => [ident(fn), op("("), ...parts.flatMap((p, k) => (k > 0 ? [op(","), ...p] : p)), op(")")];
  return { make, op, ident, callOf };
}

/** an argument's tokens without its eof */
export const argBody = (arg: Tokens): Token[] => arg.slice(0, -1);
