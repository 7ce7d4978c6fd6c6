/**
 * DuckDB's binder refusals whose Spark error depends on the statement as written, answered as Spark's analyzer answers them:
 * a column neither grouped nor aggregated (MISSING_GROUP_BY where the query has no GROUP BY, MISSING_AGGREGATION naming the
 * column where it has one), a function called with a number of arguments none of its forms takes (WRONG_NUM_ARGS, with
 * the numbers its forms take, where the user saw DuckDB's text about a macro of the translation, `spark_upper()`), a GROUP BY
 * or ORDER BY position past the select list and a negative LIMIT or OFFSET (which DuckDB does not name), an aggregate in a WHERE
 * and a window function without OVER.
 */
import { FUNCTION_RENAMES } from "../engine/spark-functions.js";
import { SqlError, sqlErrors } from "../errors.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { isOp, isWord, type Token } from "../sql/tokenizer.js";

export function statementMistake(e: unknown, tokens: readonly Token[]): SqlError | undefined {
  const message = e instanceof SqlError ? (e.detail ?? e.message) : e instanceof Error ? e.message : "";
  // DuckDB quotes the column's name in the select list, not in HAVING
  const ungrouped = /^Binder Error: column "?(.+?)"? must appear in the GROUP BY clause/.exec(message);
  if (ungrouped) return groupedAtTop(tokens) ? sqlErrors.missingAggregation(ungrouped[1], message) : sqlErrors.missingGroupBy(message);
  const outOfRange = /^Binder Error: (GROUP|ORDER)(?: BY)? term out of range - should be between 1 and (\d+)/.exec(message);
  if (outOfRange) {
    const clause = outOfRange[1] as "GROUP" | "ORDER";
    const size = Number(outOfRange[2]);
    const position = positionsAfter(tokens, clause).find((p) => p < 1 || p > size);
    return position === undefined ? undefined : sqlErrors.positionOutOfRange(clause, String(position), outOfRange[2], message);
  }
  const negative = /^Binder Error: LIMIT\/OFFSET cannot be negative/.test(message) && negativeLimit(tokens);
  if (negative) return sqlErrors.negativeLimit(negative.clause, negative.value, message);
  if (/^Binder Error: WHERE clause cannot contain aggregates/.test(message)) {
    const where = whereWithAggregates(tokens);
    return where && sqlErrors.invalidWhereCondition(conditionText(where.condition), where.aggregates.map(aggregateText), message);
  }
  const unknown = /Function with name (\w+) does not exist/.exec(message);
  if (unknown && WINDOW_ONLY.has(unknown[1].toLowerCase())) {
    const call = callsOf(tokens, unknown[1].toLowerCase())[0];
    return call && sqlErrors.windowFunctionWithoutOver(sparkSqlText(call), message);
  }
  const refused = refusedCall(message);
  if (!refused) return undefined;
  for (const name of sparkNames(refused.name)) {
    const miscounted = callArgumentCounts(tokens, name).find((count) => !refused.takes(count));
    if (miscounted !== undefined) return sqlErrors.wrongArgumentCount(name, refused.expected, miscounted, message);
  }
  return undefined;
}

/** whether the statement has a GROUP BY outside any parentheses: its query's own, not a subquery's or a CTE's */
function groupedAtTop(tokens: readonly Token[]): boolean {
  let depth = 0;
  return tokens.some((t, k) => {
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")")) depth--;
    return depth === 0 && isWord(t, "GROUP") && isWord(tokens[k + 1], "BY");
  });
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
  const parameters = splitAtTopCommas(list).filter((p) => p !== "");
  const variadic = parameters.at(-1)?.endsWith("...]") ?? false;
  return { count: variadic ? parameters.length - 1 : parameters.length, variadic };
}

function splitAtTopCommas(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    if ("([".includes(text[k])) depth++;
    else if (")]".includes(text[k])) depth--;
    else if (text[k] === "," && depth === 0) {
      parts.push(text.slice(start, k).trim());
      start = k + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** the Spark names a DuckDB function or macro stands for: those FUNCTION_RENAMES renames to it, else its own without `spark_` */
function sparkNames(duckName: string): string[] {
  const renamed = Object.keys(FUNCTION_RENAMES).filter((name) => FUNCTION_RENAMES[name] === duckName);
  return renamed.length > 0 ? renamed : [duckName.replace(/^spark_/, "")];
}

/** the functions Spark runs only over a window */
const WINDOW_ONLY = new Set(["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead"]);

/** each call of `name` in the statement: its tokens, from the name to its ")" */
function callsOf(tokens: readonly Token[], name: string): Token[][] {
  const calls: Token[][] = [];
  tokens.forEach((t, k) => {
    if (t.kind !== "ident" || t.value.toLowerCase() !== name || !isOp(tokens[k + 1], "(") || isOp(tokens[k - 1], ".")) return;
    let depth = 0;
    for (let j = k + 1; j < tokens.length; j++) {
      if (isOp(tokens[j], "(") || isOp(tokens[j], "[")) depth++;
      else if ((isOp(tokens[j], ")") || isOp(tokens[j], "]")) && --depth === 0) {
        calls.push(tokens.slice(k, j + 1));
        return;
      }
    }
  });
  return calls;
}

/** the number of arguments of each call of `name` in the statement */
function callArgumentCounts(tokens: readonly Token[], name: string): number[] {
  return callsOf(tokens, name).map((call) => {
    if (call.length === 3) return 0;
    let depth = 0;
    return call.filter((t) => {
      if (isOp(t, "(") || isOp(t, "[")) depth++;
      else if (isOp(t, ")") || isOp(t, "]")) depth--;
      return depth === 1 && isOp(t, ",");
    }).length + 1;
  });
}

/** the words after which a GROUP BY or ORDER BY list has ended */
const CLAUSE_ENDS = ["HAVING", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "LIMIT", "OFFSET", "WINDOW", "QUALIFY", "UNION", "EXCEPT", "INTERSECT", "MINUS"];
/** the words an ORDER BY item may end with */
const ORDERING = new Set(["ASC", "DESC", "NULLS", "FIRST", "LAST"]);

/** the positions (an integer literal as an item, its ordering after it) of every `clause` BY list of the statement */
function positionsAfter(tokens: readonly Token[], clause: "GROUP" | "ORDER"): number[] {
  const positions: number[] = [];
  tokens.forEach((t, k) => {
    if (!isWord(t, clause) || !isWord(tokens[k + 1], "BY")) return;
    let depth = 0;
    let item: Token[] = [];
    for (let j = k + 2; j <= tokens.length; j++) {
      const u = tokens[j];
      const itemEnds = !u || u.kind === "eof" || (depth === 0 && (isOp(u, ",") || isOp(u, ")") || isOp(u, ";") || CLAUSE_ENDS.some((word) => isWord(u, word))));
      if (!itemEnds) {
        if (isOp(u, "(")) depth++;
        else if (isOp(u, ")")) depth--;
        item.push(u);
        continue;
      }
      const [first, ...ordering] = item;
      const position = first?.kind === "number" && first.suffix === "" && /^\d+$/.test(first.value);
      if (position && ordering.every((w) => w.kind === "ident" && ORDERING.has(w.value.toUpperCase()))) positions.push(Number(first.value));
      if (!isOp(u, ",")) return;
      item = [];
    }
  });
  return positions;
}

/** the first LIMIT or OFFSET of a negative number */
function negativeLimit(tokens: readonly Token[]): { clause: "limit" | "offset"; value: string } | undefined {
  const k = tokens.findIndex((t, k) => (isWord(t, "LIMIT") || isWord(t, "OFFSET")) && isOp(tokens[k + 1], "-") && tokens[k + 2]?.kind === "number");
  return k < 0 ? undefined : { clause: tokens[k].value.toLowerCase() as "limit" | "offset", value: `-${tokens[k + 2].value}` };
}

/** the functions that aggregate rows, which a WHERE cannot call (outside a subquery of its own) */
const AGGREGATES = new Set([
  "sum", "count", "count_if", "avg", "mean", "min", "max", "min_by", "max_by", "any_value", "first", "first_value", "last", "last_value",
  "collect_list", "collect_set", "array_agg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median",
  "percentile", "percentile_approx", "approx_count_distinct", "bool_and", "bool_or", "every", "some", "any", "string_agg", "listagg",
]);
const WHERE_ENDS = ["GROUP", "HAVING", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "LIMIT", "OFFSET", "WINDOW", "QUALIFY", "UNION", "EXCEPT", "INTERSECT", "MINUS"];

/** the first WHERE whose condition calls an aggregate outside a subquery: its condition's tokens and those calls' */
function whereWithAggregates(tokens: readonly Token[]): { condition: Token[]; aggregates: Token[][] } | undefined {
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(tokens[k], "WHERE")) continue;
    const condition: Token[] = [];
    // per "(" open in the condition: whether it opens a subquery
    const opened: boolean[] = [];
    const aggregates: Token[][] = [];
    for (let j = k + 1; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.kind === "eof" || (opened.length === 0 && (isOp(t, ")") || isOp(t, ";") || WHERE_ENDS.some((word) => isWord(t, word))))) break;
      if (isOp(t, "(")) opened.push(isWord(tokens[j + 1], "SELECT") || isWord(tokens[j + 1], "WITH"));
      else if (isOp(t, ")")) opened.pop();
      else if (!opened.includes(true) && t.kind === "ident" && AGGREGATES.has(t.value.toLowerCase()) && isOp(tokens[j + 1], "(")) {
        const call = callsOf(tokens.slice(j), t.value.toLowerCase())[0];
        if (call) aggregates.push(call);
      }
      condition.push(t);
    }
    if (aggregates.length > 0) return { condition, aggregates };
  }
  return undefined;
}

/** a condition as Spark quotes it: in parentheses unless it is one name or one call */
function conditionText(condition: Token[]): string {
  const single = condition.length === 1 || (condition[0].kind === "ident" && callsOf(condition, condition[0].value.toLowerCase())[0]?.length === condition.length);
  return single ? aggregateText(condition) : `(${aggregateText(condition)})`;
}

/** tokens as Spark writes them in an analysis error: `count(*)` is `count(1)` */
const aggregateText = (tokens: Token[]) => sparkSqlText(tokens).replace(/\bcount\(\*\)/gi, "count(1)");
