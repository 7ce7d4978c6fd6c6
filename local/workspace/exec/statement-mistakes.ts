/**
 * DuckDB's binder refusals whose Spark error depends on the statement as written, answered as Spark's analyzer answers them:
 * a column neither grouped nor aggregated (MISSING_GROUP_BY where its query has no GROUP BY, MISSING_AGGREGATION naming the
 * column where it has one), a function called with a number of arguments none of its forms takes (WRONG_NUM_ARGS, with
 * the numbers its forms take, where the user saw DuckDB's text about a macro of the translation, `spark_upper()`), a GROUP BY
 * or ORDER BY position past the select list and a negative LIMIT or OFFSET (which DuckDB does not name), an aggregate in a WHERE or
 * in another aggregate, a window function without OVER, and round's scale that is no constant. Where the statement does not tell which of its parts failed, DuckDB's text stays.
 */
import { FUNCTION_RENAMES } from "../engine/spark-functions.js";
import { SqlError, sqlErrors } from "../errors.js";
import { parenEnd } from "../sql/ansi-division.js";
import { argBody, splitArgs } from "../sql/call.js";
import { foldedScale } from "../sql/call-rewrites.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { isOp, isWord, madeToken, type Token } from "../sql/tokenizer.js";
import { END_OF_FROM } from "../sql/translate.js";

export function statementMistake(e: unknown, tokens: Token[]): SqlError | undefined {
  const message = e instanceof SqlError ? (e.detail ?? e.message) : e instanceof Error ? e.message : "";
  // DuckDB quotes the column's name in the select list, not in HAVING
  const ungrouped = /^Binder Error: column "?(.+?)"? must appear in the GROUP BY clause/.exec(message);
  if (ungrouped) {
    const grouped = new Set(ungroupingBlocks(tokens, ungrouped[1].toLowerCase()).map((block) => block.grouped));
    if (grouped.size !== 1) return undefined;
    return grouped.has(true) ? sqlErrors.missingAggregation(ungrouped[1], message) : sqlErrors.missingGroupBy(message);
  }
  const outOfRange = /^Binder Error: (GROUP|ORDER)(?: BY)? term out of range - should be between 1 and (\d+)/.exec(message);
  if (outOfRange) {
    const clause = outOfRange[1] as "GROUP" | "ORDER";
    const size = Number(outOfRange[2]);
    const wrong = positionLists(tokens, clause).map((list) => list.filter((p) => p < 1 || p > size)).filter((list) => list.length > 0);
    return wrong.length === 1 ? sqlErrors.positionOutOfRange(clause, String(wrong[0][0]), outOfRange[2], message) : undefined;
  }
  const negative = /^Binder Error: LIMIT\/OFFSET cannot be negative/.test(message) && negativeLimit(tokens);
  if (negative) return sqlErrors.negativeLimit(negative.clause, negative.value, message);
  // (an aggregate read through a lambda, sql/promotions.ts wrapped, fails to bind the lambda's function first)
  if (/^Binder Error: (?:failed to bind function, either: )?WHERE clause cannot contain aggregates/.test(message)) {
    const where = whereWithAggregates(tokens);
    return where && sqlErrors.invalidWhereCondition(conditionText(where.condition), where.aggregates.map(analyzedText), message);
  }
  const unknown = /Function with name (\w+) does not exist/.exec(message);
  if (unknown && WINDOW_ONLY.has(unknown[1].toLowerCase())) {
    const call = callsOf(tokens, unknown[1].toLowerCase()).find((c) => !windowed(tokens, c.end));
    return call && sqlErrors.windowFunctionWithoutOver(sparkSqlText(call.tokens), message);
  }
  if (/aggregate function calls cannot be nested|Macro spark_\w+\(\) has multiple overloads/.test(message) && nestsAggregates(tokens)) {
    return sqlErrors.nestedAggregate(message);
  }
  // round's and bround's type, worked out from the scale (engine/spark-functions.ts spark_round_type), needs it constant, as Spark does
  if (/JSON structure must be a constant/.test(message)) {
    const call = ["round", "bround"].flatMap((name) => callsOf(tokens, name)).find((c) => !constantScale(c));
    return call && sqlErrors.nonFoldableScale(sparkSqlText(call.tokens), sparkSqlText(argBody(splitArgs(call.tokens.slice(2, -1))[1])), message);
  }
  const refused = refusedCall(message);
  if (!refused) return undefined;
  for (const name of sparkNames(refused.name)) {
    const miscounted = callsOf(tokens, name)
      .map(argumentCount)
      .find((count) => !refused.takes(count));
    if (miscounted !== undefined) return sqlErrors.wrongArgumentCount(name, refused.expected, miscounted, message);
  }
  return undefined;
}

/** a query block of the statement: a SELECT up to its set operator or its parentheses' end, subqueries apart */
interface QueryBlock {
  /** whether it has a GROUP BY of its own */
  grouped: boolean;
  /** the names its GROUP BY lists as whole items (lower-cased) */
  groupedBy: Set<string>;
  /** whether it calls an aggregate of its own */
  aggregates: boolean;
  /** the names it reads (lower-cased), outside its subqueries */
  names: Set<string>;
}

/** the blocks that may have read `column` neither grouped nor aggregated: they aggregate, read it, and do not group by it alone */
function ungroupingBlocks(tokens: Token[], column: string): QueryBlock[] {
  return queryBlocks(tokens).filter((block) => (block.grouped || block.aggregates) && block.names.has(column) && !block.groupedBy.has(column));
}

/** whether the "(" at `k` opens a subquery */
const opensSubquery = (tokens: readonly Token[], k: number) => isWord(tokens[k + 1], "SELECT") || isWord(tokens[k + 1], "WITH");

function queryBlocks(tokens: Token[]): QueryBlock[] {
  const blocks: QueryBlock[] = [];
  // per subquery open, and the statement itself: its block so far and the depth of the parentheses in it that are no subquery's
  const queries: { block?: QueryBlock; depth: number }[] = [{ depth: 0 }];
  // per "(" open: whether it opens a subquery
  const opens: boolean[] = [];
  tokens.forEach((t, k) => {
    const query = queries[queries.length - 1];
    const block = query.block;
    if (isOp(t, "(")) {
      const subquery = opensSubquery(tokens, k);
      opens.push(subquery);
      if (subquery) queries.push({ depth: 0 });
      else query.depth++;
    } else if (isOp(t, ")")) {
      if (opens.pop()) queries.pop();
      else query.depth--;
    } else if (isWord(t, "SELECT")) {
      blocks.push((query.block = { grouped: false, groupedBy: new Set(), aggregates: false, names: new Set() }));
    } else if (block && query.depth === 0 && isWord(t, "GROUP") && isWord(tokens[k + 1], "BY")) {
      block.grouped = true;
      for (const [item, end] of splitArgs(clauseAt(tokens, k + 2))) if (end.kind === "eof" && item.kind === "ident") block.groupedBy.add(item.value.toLowerCase());
    } else if (block && (t.kind === "ident" || t.kind === "qident")) {
      block.names.add(t.value.toLowerCase());
      if (t.kind === "ident" && AGGREGATES.has(t.value.toLowerCase()) && isOp(tokens[k + 1], "(")) block.aggregates = true;
    }
  });
  return blocks;
}

interface RefusedCall {
  /** DuckDB's name of the function or macro */
  name: string;
  /** whether one of its forms takes this many arguments */
  takes: (count: number) => boolean;
  /** the numbers its forms take, as Spark writes them: `1`, `[2, 3]`, `> 0` */
  expected: string;
}

/** the function or macro DuckDB found no form of for a call, with the forms' numbers of parameters (its message lists the forms) */
function refusedCall(message: string): RefusedCall | undefined {
  const call = /^Binder Error: (?:Macro (\w+)\(\) does not support the supplied arguments|No function matches the given name and argument types '(\w+)\()/.exec(message);
  if (!call) return undefined;
  const name = call[1] ?? call[2];
  const forms = [...message.matchAll(new RegExp(`^\\s+${name}\\((.*?)\\)(?: -> .*)?$`, "gm"))].map((m) => parameterList(m[1]));
  if (forms.length === 0) return undefined;
  const fixed = forms.filter((f) => !f.variadic).map((f) => f.count);
  const atLeast = Math.min(...forms.filter((f) => f.variadic).map((f) => f.count));
  const counts = [...new Set(fixed)].filter((n) => n < atLeast).sort((a, b) => a - b);
  const expected = Number.isFinite(atLeast) ? `> ${atLeast - 1}` : counts.length === 1 ? String(counts[0]) : `[${counts.join(", ")}]`;
  return { name, takes: (count) => counts.includes(count) || count >= atLeast, expected };
}

/** a form's parameters as DuckDB lists them (`sub, s`, `VARCHAR, ANY, [ANY...]`): how many, and whether more may follow */
function parameterList(list: string): { count: number; variadic: boolean } {
  const parameters: string[] = [];
  let depth = 0;
  let start = 0;
  [...list, ","].forEach((c, k) => {
    if ("([".includes(c)) depth++;
    else if (")]".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parameters.push(list.slice(start, k).trim());
      start = k + 1;
    }
  });
  const given = parameters.filter((p) => p !== "");
  const variadic = given.at(-1)?.endsWith("...]") ?? false;
  return { count: variadic ? given.length - 1 : given.length, variadic };
}

/** the Spark names a DuckDB function or macro stands for: its own without `spark_`, and those FUNCTION_RENAMES renames to it */
function sparkNames(duckName: string): string[] {
  return [...new Set([duckName.replace(/^spark_/, ""), ...Object.keys(FUNCTION_RENAMES).filter((name) => FUNCTION_RENAMES[name] === duckName)])];
}

interface WrittenCall {
  /** from the name to the ")" */
  tokens: Token[];
  /** the ")"'s index in the statement */
  end: number;
}

/** each call of `name` in the statement */
function callsOf(tokens: Token[], name: string): WrittenCall[] {
  return tokens.flatMap((t, k) => {
    if (t.kind !== "ident" || t.value.toLowerCase() !== name || !isOp(tokens[k + 1], "(") || isOp(tokens[k - 1], ".")) return [];
    const end = parenEnd(tokens, k + 1);
    return end < 0 ? [] : [{ tokens: tokens.slice(k, end + 1), end }];
  });
}

const argumentCount = (call: WrittenCall) => (call.tokens.length === 3 ? 0 : splitArgs(call.tokens.slice(2, -1)).length);

/** whether a call has no second argument or one Spark folds to a number */
function constantScale(call: WrittenCall): boolean {
  const scale = splitArgs(call.tokens.slice(2, -1))[1];
  return scale === undefined || foldedScale(argBody(scale)) !== undefined;
}

/** the functions Spark runs only over a window */
const WINDOW_ONLY = new Set(["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead"]);

/** whether the call that ends at `end` has an OVER, after its null treatment if it has one (`lag(x) IGNORE NULLS OVER (…)`) */
function windowed(tokens: readonly Token[], end: number): boolean {
  const after = isWord(tokens[end + 2], "NULLS") ? end + 3 : end + 1;
  return isWord(tokens[after], "OVER");
}

/** the positions (an integer literal as an item, its ordering after it) of each `clause` BY list of the statement, a window's apart */
function positionLists(tokens: readonly Token[], clause: "GROUP" | "ORDER"): number[][] {
  return tokens.flatMap((t, k) => {
    if (!isWord(t, clause) || !isWord(tokens[k + 1], "BY") || inWindow(tokens, k)) return [];
    const items = splitArgs(clauseAt(tokens, k + 2)).map((item) => item.filter((w) => w.kind !== "eof"));
    return [items.flatMap(([first, ...ordering]) => {
      const position = first?.kind === "number" && first.suffix === "" && /^\d+$/.test(first.value);
      return position && ordering.every((w) => w.kind === "ident" && ORDERING.has(w.value.toUpperCase())) ? [Number(first.value)] : [];
    })];
  });
}

/** the words an ORDER BY item may end with */
const ORDERING = new Set(["ASC", "DESC", "NULLS", "FIRST", "LAST"]);

/** whether the token at `k` is inside a window's parentheses (`OVER (…)`, `WINDOW w AS (…)`) */
function inWindow(tokens: readonly Token[], k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    if (isOp(tokens[j], ")")) depth++;
    else if (isOp(tokens[j], "(") && depth-- === 0) return isWord(tokens[j - 1], "OVER") || isWord(tokens[j - 1], "AS");
  }
  return false;
}

/** the tokens of a clause from `from` up to its end: the next clause's word, a ")" it did not open, the statement's end */
function clauseAt(tokens: readonly Token[], from: number): Token[] {
  let depth = 0;
  for (let j = from; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind === "eof" || (depth === 0 && (isOp(t, ")") || isOp(t, ";") || (t.kind === "ident" && END_OF_FROM.has(t.value.toUpperCase()))))) return tokens.slice(from, j);
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")")) depth--;
  }
  return tokens.slice(from);
}

/** the first LIMIT or OFFSET of a negative number */
function negativeLimit(tokens: readonly Token[]): { clause: "limit" | "offset"; value: string } | undefined {
  const k = tokens.findIndex((t, k) => (isWord(t, "LIMIT") || isWord(t, "OFFSET")) && isOp(tokens[k + 1], "-") && tokens[k + 2]?.kind === "number");
  return k < 0 ? undefined : { clause: tokens[k].value.toLowerCase() as "limit" | "offset", value: `-${tokens[k + 2].value}` };
}

/** the functions that aggregate rows, which a WHERE cannot call (outside a subquery of its own); not ANY and SOME, which follow a comparison */
const AGGREGATES = new Set([
  "sum", "count", "count_if", "avg", "mean", "min", "max", "min_by", "max_by", "any_value", "first", "first_value", "last", "last_value",
  "collect_list", "collect_set", "array_agg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median",
  "percentile", "percentile_approx", "approx_count_distinct", "bool_and", "bool_or", "every", "string_agg", "listagg",
]);

/** whether an aggregate's argument calls an aggregate outside a subquery of its own (`sum(count(*))`; not a window's `sum(count(*)) OVER ()`) */
function nestsAggregates(tokens: Token[]): boolean {
  return [...AGGREGATES].some((name) =>
    callsOf(tokens, name).some((call) => !windowed(tokens, call.end) && aggregateCalls(call.tokens.slice(2, -1)).length > 0),
  );
}

/** the aggregates `tokens` call outside their subqueries, each call's tokens */
function aggregateCalls(tokens: Token[]): Token[][] {
  // per "(" open: whether it opens a subquery
  const opened: boolean[] = [];
  return tokens.flatMap((t, j) => {
    if (isOp(t, "(")) opened.push(opensSubquery(tokens, j));
    else if (isOp(t, ")")) opened.pop();
    else if (!opened.includes(true) && t.kind === "ident" && AGGREGATES.has(t.value.toLowerCase()) && isOp(tokens[j + 1], "(")) {
      const end = parenEnd(tokens, j + 1);
      if (end > 0) return [tokens.slice(j, end + 1)];
    }
    return [];
  });
}

/** the first WHERE whose condition calls an aggregate outside a subquery: its condition's tokens and those calls' */
function whereWithAggregates(tokens: Token[]): { condition: Token[]; aggregates: Token[][] } | undefined {
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(tokens[k], "WHERE")) continue;
    const condition = clauseAt(tokens, k + 1);
    const aggregates = aggregateCalls(condition);
    if (aggregates.length > 0) return { condition, aggregates };
  }
  return undefined;
}

/** a condition as Spark quotes it: in parentheses unless it is one name or one call */
function conditionText(condition: Token[]): string {
  const single = condition.length === 1 || (condition[0].kind === "ident" && isOp(condition[1], "(") && parenEnd(condition, 1) === condition.length - 1);
  return single ? analyzedText(condition) : `(${analyzedText(condition)})`;
}

/** tokens as Spark writes them in an analysis error: `count(*)` is `count(1)` */
function analyzedText(tokens: Token[]): string {
  const counted = tokens.map((t, k) => (isOp(t, "*") && isOp(tokens[k - 1], "(") && isOp(tokens[k + 1], ")") && isWord(tokens[k - 2], "COUNT") ? madeToken("number", "1", t.pos) : t));
  return sparkSqlText(counted);
}
