/**
 * Values of one type made of a string and a number, as Spark's ANSI mode types them (its wider common type): the arguments
 * of coalesce, nvl, ifnull, greatest and least, the values of nvl2 and if, and a CASE's results are cast to the type Spark
 * widens them to — a string beside an integral number to BIGINT ('6.9' failing with CAST_INVALID_INPUT), beside a fractional
 * one to DOUBLE — where DuckDB's binder refuses `coalesce(s, 0)` and `CASE WHEN c THEN s ELSE 0 END`. Before translation each
 * such value but a literal or NULL is written spark_beside(v, w), w the values' common type (sql/promotions.ts), itself
 * unless v is a string beside a number. Values holding a comparison or a subquery, or more than MOST_VALUES of them, are left
 * to DuckDB.
 */
import { caseParts } from "./implied-comparisons.js";
import { commonType, isNullWord, type Promotion, type Span, type TakenArguments, takenArguments, wrapped } from "./promotions.js";
import { besideEachOther } from "./string-number-comparisons.js";
import { isWord, type Token } from "./tokenizer.js";

/** which of a call's arguments are its values, by the function's name */
const VALUE_ARGUMENTS: Readonly<Record<string, TakenArguments>> = {
  COALESCE: "every",
  GREATEST: "every",
  LEAST: "every",
  NVL: [0, 1],
  IFNULL: [0, 1],
  NVL2: [1, 2],
  IF: [1, 2],
  IFF: [1, 2],
};
/** each value is written beside all of them: beyond this many, the copies would cost more binding than they are worth */
const MOST_VALUES = 8;

export function stringNumberBranches(tokens: Token[]): Token[] {
  const promotions: Promotion[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const spans = isWord(tokens[k], "CASE") ? caseResults(tokens, k) : takenArguments(tokens, k, VALUE_ARGUMENTS);
    promotions.push(...promoted(tokens, spans, tokens[k].pos));
  }
  return wrapped(tokens, promotions);
}

/** the results of the CASE at `k`: after each THEN, and after its ELSE */
function caseResults(tokens: Token[], k: number): Span[] {
  const parts = caseParts(tokens, k);
  if (!parts) return [];
  const ends = [...parts.whens.slice(1), parts.otherwise ?? parts.end];
  const results = parts.thens.map((then, i) => ({ start: then + 1, end: ends[i] - 1 }));
  return parts.otherwise === undefined ? results : [...results, { start: parts.otherwise + 1, end: parts.end - 1 }];
}

/** each value but a literal or NULL beside the values' common type; none where a value is unclear or there are too many */
function promoted(tokens: Token[], spans: Span[], pos: number): Promotion[] {
  const values = spans.map(({ start, end }) => tokens.slice(start, end + 1));
  const typed = values.filter((value) => !isNullWord(value));
  if (typed.length < 2 || typed.length > MOST_VALUES || !typed.every((value) => value.length > 0 && besideEachOther(value))) return [];
  const literal = (value: Token[]) => value.length === 1 && (value[0].kind === "string" || value[0].kind === "number");
  return spans.filter((_, i) => !isNullWord(values[i]) && !literal(values[i])).map((span) => ({ ...span, macro: "spark_beside", beside: commonType(typed, pos) }));
}
