/**
 * Spark's time windows: `window(ts, width [, slide [, start]])`, the grouping that puts each row in the windows of `width` that hold
 * its time, a new one every `slide` (by default `width`: tumbling windows), counted from 1970-01-01 00:00:00 UTC plus `start`. Spark
 * adds a column named window to the rows of the query's FROM clause, one row per window a row falls in, and drops the rows whose
 * time is NULL; the column is a STRUCT<start, end> of the time's type, and `window` names it in the rest of the query
 * (`SELECT window.start … GROUP BY window(ts, '5 minutes')`).
 *
 * Written the same way: `, LATERAL (SELECT unnest(spark_time_windows(ts, width, slide, start)) AS "window")` after the query's FROM
 * clause (its durations in microseconds), and each `window(…)` call of the query, and each `window` it names, as that column; a bare
 * `*` of the select list leaves it out. A query with windows of different arguments is refused, as Spark refuses it.
 */
import { SqlError, sqlErrors } from "../errors.js";
import { splitArgs } from "./call.js";
import { Cursor } from "./cursor.js";
import { AFTER_RELATION, startsFromClause } from "./relation-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";
import { dayTimeMicros } from "./interval-literals.js";

const ANALYSIS = "org.apache.spark.sql.AnalysisException";
/** the words that end a query's FROM clause, or its select list where it has none */
const CLAUSE_END = new Set(AFTER_RELATION.filter((word) => !["JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SEMI", "ANTI", "ON", "USING", "LATERAL", "TABLESAMPLE", "PIVOT", "UNPIVOT"].includes(word)));

/** one SELECT of a query: where its FROM clause ends (or its select list, where it has none), and its window(…) calls */
interface Block {
  select: number;
  from?: number;
  end?: number;
  calls: { at: number; close: number }[];
  names: number[];
}

/** a window(…) call read: its time's tokens and its durations in microseconds */
interface WindowSpec {
  time: Token[];
  width: bigint;
  slide: bigint;
  start: bigint;
}

export function timeWindows(tokens: Token[]): Token[] {
  if (!tokens.some((t, k) => isWord(t, "WINDOW") && isOp(tokens[k + 1], "("))) return tokens;
  const edits: { at: number; remove: number; insert: Token[] }[] = [];
  for (const block of windowBlocks(tokens)) {
    if (block.calls.length === 0) continue;
    const [spec, ...others] = block.calls.map(({ at, close }) => windowSpec(tokens.slice(at, close + 1)));
    // the same window written twice is one (Spark compares the time's expression and the durations, not their text)
    if (others.some((other) => specKey(other) !== specKey(spec))) {
      throw new SqlError(ANALYSIS, "UNSUPPORTED_FEATURE.MULTIPLE_TIME_WINDOWS", "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported. SQLSTATE: 0A000");
    }
    const pos = tokens[block.calls[0].at].pos;
    const column = () => madeToken("qident", "window", pos);
    for (const { at, close } of block.calls) edits.push({ at, remove: close - at + 1, insert: [column()] });
    for (const at of block.names) edits.push({ at, remove: 1, insert: [column()] });
    const end = block.end ?? tokens.length - 1;
    for (const [start, stop] of selectItems(tokens, block.select + 1, block.from ?? end)) {
      const item = tokens.slice(start, stop);
      // `window.start` alone as an item is named start, as Spark names it, for ORDER BY to find it (DuckDB keeps no field's name)
      if (item.length === 3 && isWord(item[0], "WINDOW") && isOp(item[1], ".")) edits.push({ at: stop, remove: 0, insert: [madeToken("ident", "AS", pos), madeToken("qident", item[2].value, pos)] });
      // `*` is the rows' columns before their windows, as Spark expands it
      if (item.length === 1 && isOp(item[0], "*")) edits.push({ at: stop, remove: 0, insert: [madeToken("ident", "EXCLUDE", pos), madeToken("op", "(", pos), column(), madeToken("op", ")", pos)] });
    }
    edits.push({ at: end, remove: 0, insert: lateralWindows(spec, block.from !== undefined, pos) });
  }
  const out = [...tokens];
  for (const { at, remove, insert } of edits.sort((a, b) => b.at - a.at)) out.splice(at, remove, ...insert);
  return out;
}

/** the items of a select list from `from` to `to`: each one's first token and the token after it, at the list's own depth */
function selectItems(tokens: Token[], from: number, to: number): [number, number][] {
  const items: [number, number][] = [];
  let start = isWord(tokens[from], "DISTINCT") || isWord(tokens[from], "ALL") ? from + 1 : from;
  for (let k = start; k < to; k++) {
    if (isOp(tokens[k], "(")) k = Cursor.matchParen(tokens, k);
    else if (isOp(tokens[k], ",")) {
      items.push([start, k]);
      start = k + 1;
    }
  }
  return [...items, [start, to]];
}

/** a window(…) call's time and durations, checked as Spark checks them */
function windowSpec(call: Token[]): WindowSpec {
  const args = splitArgs(call.slice(2, -1));
  if (args.length < 2 || args.length > 4) throw sqlErrors.wrongArgumentCount("window", "[2, 3, 4]", args.length);
  const [width, slide, start] = [args[1], args[2] ?? args[1], args[3]].map((arg, n) => (arg ? durationOf(arg, ["windowDuration", "slideDuration", "startTime"][n]) : 0n));
  if (width <= 0n) throw constraint(`The window duration (${width}) must be greater than 0.`);
  if (slide <= 0n) throw constraint(`The slide duration (${slide}) must be greater than 0.`);
  if (slide > width) throw constraint(`The slide duration (${slide}) must be less than or equal to the windowDuration (${width}).`);
  if ((start < 0n ? -start : start) >= slide) throw constraint(`The absolute value of start time (${start}) must be less than the slideDuration (${slide}).`);
  return { time: args[0].slice(0, -1), width, slide, start };
}

/** what makes two windows the same: the time's words (names in any case, quoted or not) and the durations */
const specKey = ({ time, width, slide, start }: WindowSpec) =>
  [...time.map((t) => (t.kind === "ident" || t.kind === "qident" ? `name:${t.value.toLowerCase()}` : `${t.kind}:${t.value}`)), width, slide, start].join(" ");

/** `, LATERAL (SELECT unnest(spark_time_windows(…)) AS "window") AS spark_time_window`, FROM in place of the comma where the query has none */
function lateralWindows({ time, width, slide, start }: WindowSpec, hasFrom: boolean, pos: number): Token[] {
  const op = (value: string) => madeToken("op", value, pos);
  const ident = (value: string) => madeToken("ident", value, pos);
  const number = (value: bigint) => madeToken("number", String(value), pos);
  return [
    hasFrom ? op(",") : ident("FROM"), ident("LATERAL"), op("("), ident("SELECT"), ident("unnest"), op("("), ident("spark_time_windows"), op("("),
    ...time.map((t) => ({ ...t })), op(","), number(width), op(","), number(slide), op(","), number(start), op(")"), op(")"), ident("AS"),
    madeToken("qident", "window", pos), op(")"), ident("AS"), ident("spark_time_window"),
  ];
}

const constraint = (text: string) => new SqlError(ANALYSIS, "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION", `Cannot resolve "window" due to data type mismatch: ${text} SQLSTATE: 42K09`);

/** a duration argument, a string literal of day-time units ('5 minutes', '1 hour 30 minutes'), in microseconds */
function durationOf(arg: Token[], what: string): bigint {
  const literal = arg[0];
  if (arg.length !== 2 || literal.kind !== "string" || literal.prefix !== "") throw sqlErrors.unsupported(`window(…)'s ${what} that is not a string literal ('5 minutes')`);
  const micros = dayTimeMicros(literal.value);
  if (micros === undefined) {
    throw new SqlError(ANALYSIS, "CANNOT_PARSE_INTERVAL", `Unable to parse '${literal.value}'. Please ensure that the value provided is in a valid format for defining an interval of days and time ('5 minutes', '1 hour 30 seconds'); a month or a year is no fixed duration. SQLSTATE: 22006`);
  }
  return micros;
}

/**
 * the query blocks of a statement (each SELECT, in a parenthesis or after a set operation), with where each one's FROM clause ends,
 * its window(…) calls and the names `window` in it; a call inside a function's parentheses is its query's
 */
function windowBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  // per parenthesis open: the block of the query it holds, if it holds one
  const stack: (Block | undefined)[] = [undefined];
  const current = () => [...stack].reverse().find((block) => block !== undefined);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const own = stack[stack.length - 1];
    if (isOp(t, "(")) {
      stack.push(undefined);
      continue;
    }
    if (isOp(t, ")") || isOp(t, ";") || t.kind === "eof") {
      if (own && own.end === undefined) own.end = k;
      if (isOp(t, ")")) stack.pop();
      continue;
    }
    if (isWord(t, "SELECT")) {
      const block: Block = { select: k, calls: [], names: [] };
      if (own && own.end === undefined) own.end = k;
      blocks.push(block);
      stack[stack.length - 1] = block;
      continue;
    }
    if (own && startsFromClause(tokens, k) && own.from === undefined && own.end === undefined) own.from = k;
    else if (own && own.end === undefined && endsClause(tokens, k)) own.end = k;
    if (!isWord(t, "WINDOW") || isOp(tokens[k - 1], ".")) continue;
    const block = current();
    if (!block) continue;
    if (isOp(tokens[k + 1], "(")) {
      block.calls.push({ at: k, close: Cursor.matchParen(tokens, k + 1) });
    } else if (!isWord(tokens[k - 1], "OVER") && !(tokens[k + 1]?.kind === "ident" && isWord(tokens[k + 2], "AS"))) {
      block.names.push(k);
    }
  }
  return blocks;
}

/** whether the word at `k` ends a FROM clause or a select list: a clause's word, a WINDOW only where it names a window (`WINDOW w AS`) */
function endsClause(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  if (t.kind !== "ident" || !CLAUSE_END.has(t.value.toUpperCase()) || isOp(tokens[k - 1], ".")) return false;
  return !isWord(t, "WINDOW") || (tokens[k + 1]?.kind === "ident" && isWord(tokens[k + 2], "AS"));
}
