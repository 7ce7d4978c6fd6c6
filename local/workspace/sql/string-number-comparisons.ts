/**
 * A string compared with a number as Spark's ANSI mode compares them (its PromoteStrings rule): the string cast to BIGINT
 * beside an integral number, to DOUBLE beside a fractional one (a DECIMAL too), where DuckDB's binder refuses `s > 6`,
 * `s > n` and `s BETWEEN 1 AND 5`, and casts the string of `s = 6`, `s = n` or `s IN (6, 7)` to the number's type, rounding
 * '6.9' to 7 where Spark fails it with CAST_INVALID_INPUT. Before translation, the operand of each comparison (`=`, `==`,
 * `<>`, `!=`, `<`, `>`, `<=`, `>=`, `<=>`), BETWEEN and IN whose other side is number literals is wrapped in
 * spark_string_as_bigint(x) or spark_string_as_double(x), and each operand of a comparison of two operands in
 * spark_beside(x, other) (engine/spark-functions.ts), as are BETWEEN's operands of other bounds: x itself unless x is a string
 * beside a number, a date or a timestamp, chosen by overload
 * when the query binds, so that a comparison of numbers, or of strings, stays DuckDB's own, its filter still pushed into
 * the scan and its join still a hash join. A scalar subquery is such an operand too (`s = (SELECT max(n) FROM t)`), its
 * copy beside the other operand written with its own comparisons promoted. A comparison whose operands' edges are not clear
 * (`a + s > 6`, where an earlier rewrite left `+` as it is) stays DuckDB's.
 */
import { Cursor } from "./cursor.js";
import { operandEnd } from "./ansi-division.js";
import { endsOperandAt, isSyntaxWordAt } from "./operand-words.js";
import { commonType, copied, isNullWord, type Promotion, wider, wrapped } from "./promotions.js";
import { isOp, isWord, type Token } from "./tokenizer.js";

const COMPARISONS = new Set(["=", "==", "<>", "!=", "<", ">", "<=", ">=", "<=>"]);
/** the keywords after which an operand of a comparison starts: nothing after them binds to it before the comparison does */
const WORDS_BEFORE = new Set(["SELECT", "DISTINCT", "ALL", "WHERE", "HAVING", "QUALIFY", "ON", "WHEN", "THEN", "ELSE", "AND", "OR", "NOT", "RETURN"]);
/** the keywords before BY that make a clause of expressions */
const CLAUSES_BY = ["GROUP", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "PARTITION"];
/** the keywords before which a compared literal ends; ORDER, GROUP and the like only where they make a clause */
const WORDS_AFTER = new Set([
  "AND", "OR", "THEN", "ELSE", "END", "WHEN", "FROM", "WHERE", "HAVING", "QUALIFY", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS",
  "AS", "ON", "JOIN", "ORDER", "GROUP", "SORT", "CLUSTER", "DISTRIBUTE", "WINDOW", "LEFT", "RIGHT", "FULL", "INNER", "CROSS",
]);

type LiteralKind = "integral" | "fractional";
/** the macro that casts a string operand as Spark promotes it beside literals of a kind */
const MACROS: Readonly<Record<LiteralKind, string>> = { integral: "spark_string_as_bigint", fractional: "spark_string_as_double" };
const LARGEST_BIGINT = 9223372036854775807n;

/**
 * the tokens with the operand of each comparison, BETWEEN and IN of number literals written as spark_string_as_bigint(x) or
 * spark_string_as_double(x), and each operand of a comparison of two as spark_beside(x, other)
 */
export function stringNumberComparisons(tokens: Token[]): Token[] {
  const promotions: Promotion[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const found = COMPARISONS.has(t.kind === "op" ? t.value : "") ? comparison(tokens, k) : isWord(t, "BETWEEN") ? between(tokens, k) : isWord(t, "IN") ? inList(tokens, k) : undefined;
    for (const promotion of found === undefined ? [] : [found].flat()) if (!promotedAlready(tokens, promotion)) promotions.push(promotion);
  }
  return wrapped(tokens, promotions);
}

/** `x op literal`, `literal op x`, or `x op y`, each of its operands beside the other */
function comparison(tokens: Token[], k: number): Promotion | Promotion[] | undefined {
  const right = literalAt(tokens, k + 1);
  if (right && endsAfter(tokens, right.end + 1)) {
    const start = operandBefore(tokens, k - 1);
    return start < 0 ? undefined : { start, end: k - 1, macro: MACROS[right.kind] };
  }
  const left = literalBefore(tokens, k - 1);
  const end = operandEnd(tokens, k + 1);
  if (end < 0 || !endsAfter(tokens, end + 1)) return undefined;
  if (left) return { start: k + 1, end, macro: MACROS[left.kind] };
  const start = operandBefore(tokens, k - 1);
  if (start < 0) return undefined;
  const [x, y] = [tokens.slice(start, k), tokens.slice(k + 1, end + 1)];
  const comparable = (operand: Token[]) => isScalarSubquery(operand) || besideEachOther(operand);
  if (!comparable(x) || !comparable(y)) return undefined;
  return [
    { start, end: k - 1, macro: "spark_beside", beside: besideCopy(y) },
    { start: k + 1, end, macro: "spark_beside", beside: besideCopy(x) },
  ];
}

/** whether an operand is a subquery in parentheses, `(SELECT max(n) FROM t)`, a value of its one column */
function isScalarSubquery(operand: Token[]): boolean {
  return isOp(operand[0], "(") && (isWord(operand[1], "SELECT") || isWord(operand[1], "WITH")) && Cursor.closingParen(operand, 0) === operand.length - 1;
}

/** a copy of an operand to write beside the other one: a subquery's own comparisons written as here, for it to bind as the subquery does */
const besideCopy = (operand: Token[]): Token[] => (isScalarSubquery(operand) ? stringNumberComparisons(copied(operand)) : copied(operand));

/**
 * whether an operand may be written beside the other one, for its type only: not a NULL, whose type matches any overload, nor
 * holding a comparison, whose own operands would be written unwrapped there, nor a subquery
 */
export function besideEachOther(operand: Token[]): boolean {
  if (isNullWord(operand)) return false;
  return !operand.some((t) => COMPARISONS.has(t.kind === "op" ? t.value : "") || isWord(t, "BETWEEN") || isWord(t, "IN") || isWord(t, "SELECT"));
}

/** `x [NOT] BETWEEN literal AND literal`, both literals of one kind: Spark compares x with each bound on its own */
function between(tokens: Token[], k: number): Promotion | Promotion[] | undefined {
  const lower = literalAt(tokens, k + 1);
  const upper = lower && isWord(tokens[lower.end + 1], "AND") ? literalAt(tokens, lower.end + 2) : undefined;
  if (!lower || !upper || lower.kind !== upper.kind || !endsAfter(tokens, upper.end + 1)) return betweenOperands(tokens, k);
  return operandOf(tokens, k, MACROS[lower.kind]);
}

/**
 * `x [NOT] BETWEEN lo AND hi` of other bounds (`d BETWEEN '2024' AND s`): each bound written beside x, and x beside the
 * bounds' wider type, as the two comparisons Spark makes of them; bounds whose edges are not clear are left to DuckDB
 */
function betweenOperands(tokens: Token[], k: number): Promotion[] | undefined {
  const operand = operandOf(tokens, k, "spark_beside");
  const lowerEnd = operandEnd(tokens, k + 1);
  const upperEnd = lowerEnd >= 0 && isWord(tokens[lowerEnd + 1], "AND") ? operandEnd(tokens, lowerEnd + 2) : -1;
  if (!operand || upperEnd < 0 || !endsAfter(tokens, upperEnd + 1)) return undefined;
  const x = tokens.slice(operand.start, operand.end + 1);
  const bounds = [{ start: k + 1, end: lowerEnd }, { start: lowerEnd + 2, end: upperEnd }];
  const values = bounds.map(({ start, end }) => tokens.slice(start, end + 1));
  if (![x, ...values].every(besideEachOther)) return undefined;
  return [{ ...operand, beside: commonType(values, tokens[k].pos) }, ...bounds.map((bound) => ({ ...bound, macro: "spark_beside", beside: copied(x) }))];
}

/** `x [NOT] IN (literal, …)`: BIGINT where every literal is integral, else DOUBLE; a list of other items as inItems writes it */
function inList(tokens: Token[], k: number): Promotion | Promotion[] | undefined {
  if (!isOp(tokens[k + 1], "(")) return undefined;
  let kind: LiteralKind = "integral";
  for (let at = k + 2; ; ) {
    const literal = literalAt(tokens, at);
    if (!literal) return inItems(tokens, k);
    if (literal.kind === "fractional") kind = "fractional";
    if (isOp(tokens[literal.end + 1], ")")) return operandOf(tokens, k, MACROS[kind]);
    if (!isOp(tokens[literal.end + 1], ",")) return inItems(tokens, k);
    at = literal.end + 2;
  }
}

/**
 * `x [NOT] IN (a, b, …)` of items not all number literals (`s IN (n, 7)`): Spark casts x and every item to their common type,
 * where DuckDB cast the string '6.9' to n's INTEGER, 7. With w the items' common type as Spark widens them,
 * spark_wider(spark_wider(a, b), …) of the items but NULLs (engine/spark-functions.ts), x is written spark_beside(x, w) and
 * each item but a number literal or NULL spark_beside(item, spark_wider(x, w)). Items that are not each a whole operand, or
 * hold a comparison or a subquery, are left to DuckDB.
 */
function inItems(tokens: Token[], k: number): Promotion[] | undefined {
  const close = Cursor.closingParen(tokens, k + 1);
  const items: Token[][] = [];
  const starts: number[] = [];
  for (let start = k + 2; close > 0 && start < close; ) {
    const end = operandEnd(tokens, start);
    if (end < 0 || end >= close || !(isOp(tokens[end + 1], ",") || end + 1 === close)) return undefined;
    items.push(tokens.slice(start, end + 1));
    starts.push(start);
    start = end + 2;
  }
  const operand = operandOf(tokens, k, "spark_beside");
  const x = operand && tokens.slice(operand.start, operand.end + 1);
  const typed = items.filter((item) => !isNullWord(item));
  if (!operand || !x || !besideEachOther(x) || typed.length === 0 || !typed.every(besideEachOther)) return undefined;
  const pos = tokens[k].pos;
  const wrappedItems = items.flatMap((item, i) => (typed.includes(item) && !isNumberLiteral(item) ? [{ start: starts[i], end: starts[i] + item.length - 1 }] : []));
  return [{ ...operand, beside: commonType(typed, pos) }, ...wrappedItems.map((item) => ({ ...item, macro: "spark_beside", beside: wider(x, commonType(typed, pos), pos) }))];
}

/** the operand before BETWEEN or IN at `k`, a NOT between them */
function operandOf(tokens: Token[], k: number, macro: string): Promotion | undefined {
  const end = isWord(tokens[k - 1], "NOT") ? k - 2 : k - 1;
  const start = operandBefore(tokens, end);
  return start < 0 ? undefined : { start, end, macro };
}

/** whether a part is one number literal (a sign before it) */
const isNumberLiteral = (part: Token[]) => literalAt(part, 0)?.end === part.length - 1;

/** a number literal (a sign before it) starting at `k`: its last token and kind */
function literalAt(tokens: Token[], k: number): { end: number; kind: LiteralKind } | undefined {
  const signed = isOp(tokens[k], "-") || isOp(tokens[k], "+");
  const t = tokens[signed ? k + 1 : k];
  return t?.kind === "number" ? { end: signed ? k + 1 : k, kind: literalKind(t) } : undefined;
}

/** a number literal (a sign before it) ending at `end`, after a token its operand may start after */
function literalBefore(tokens: Token[], end: number): { kind: LiteralKind } | undefined {
  const t = tokens[end];
  if (t?.kind !== "number") return undefined;
  const signed = (isOp(tokens[end - 1], "-") || isOp(tokens[end - 1], "+")) && !endsOperandAt(tokens, end - 2);
  return startsAfter(tokens, signed ? end - 2 : end - 1) ? { kind: literalKind(t) } : undefined;
}

/** an integer literal with no suffix, L, S or Y within BIGINT's range is integral; a decimal, an exponent, BD, D or F fractional */
function literalKind(t: Token): LiteralKind {
  const integral = /^\d+$/.test(t.value) && ["", "L", "S", "Y"].includes(t.suffix) && BigInt(t.value) <= LARGEST_BIGINT;
  return integral ? "integral" : "fractional";
}

/**
 * The first token of the operand that ends at `end` and starts after a token it may start after ("(", ",", "->", a
 * keyword of WORDS_BEFORE): a literal, a (qualified) name, a call, a parenthesis or CASE … END with any field,
 * subscript or cast after it; -1 otherwise
 */
function operandBefore(tokens: Token[], end: number): number {
  let k = end;
  while (k >= 0 && !startsAfter(tokens, k)) {
    const t = tokens[k];
    if (isOp(t, ")") || isOp(t, "]") || isWord(t, "END")) k = Cursor.matchBack(tokens, k);
    if (k < 0) return -1;
    k--;
  }
  const start = k + 1;
  return start <= end && operandEnd(tokens, start) === end ? start : -1;
}

/** whether an operand may start after the token at `k`: nothing after it binds to the operand before a comparison does */
function startsAfter(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined) return true;
  if (isOp(t, "(") || isOp(t, ",") || isOp(t, "->")) return true;
  // GROUP BY's and ORDER BY's items too, which DuckDB matches with the SELECT list's written alike (`SELECT n > 6 … GROUP BY n > 6`)
  if (isWord(t, "BY")) return CLAUSES_BY.some((word) => isWord(tokens[k - 1], word));
  if (!(t.kind === "ident" && WORDS_BEFORE.has(t.value.toUpperCase()) && isSyntaxWordAt(tokens, k))) return false;
  return !(isWord(t, "AND") && boundsBetween(tokens, k));
}

/** whether the AND at `k` is one of BETWEEN's, which takes the first AND after it at its own level (`x BETWEEN 1 AND s > 5`) */
function boundsBetween(tokens: Token[], k: number): boolean {
  let ands = BETWEEN_ANDS.get(tokens);
  if (!ands) {
    ands = betweenAnds(tokens);
    BETWEEN_ANDS.set(tokens, ands);
  }
  return ands.has(k);
}

/** each statement's BETWEEN's ANDs, found once: a WHERE of thousands of ANDs asks of each */
const BETWEEN_ANDS = new WeakMap<Token[], Set<number>>();

/** where BETWEEN's ANDs are, in one pass: at each level (a parenthesis, a subscript, CASE … END) the BETWEENs still waiting for theirs */
function betweenAnds(tokens: Token[]): Set<number> {
  const found = new Set<number>();
  const waiting = [0];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isOp(t, "(") || isOp(t, "[") || isWord(t, "CASE")) waiting.push(0);
    else if ((isOp(t, ")") || isOp(t, "]") || isWord(t, "END")) && waiting.length > 1) waiting.pop();
    else if (isWord(t, "BETWEEN")) waiting[waiting.length - 1]++;
    else if (isWord(t, "AND") && waiting[waiting.length - 1] > 0) {
      waiting[waiting.length - 1]--;
      found.add(k);
    }
  }
  return found;
}

/** whether a compared operand or literal ends before the token at `k`: nothing after it binds to it before the comparison does */
function endsAfter(tokens: Token[], k: number, aliasMayFollow = true): boolean {
  const t = tokens[k];
  if (t === undefined || t.kind === "eof" || isOp(t, ")") || isOp(t, ",") || isOp(t, ";")) return true;
  if (t.kind !== "ident") return false;
  if (WORDS_AFTER.has(t.value.toUpperCase())) return isSyntaxWordAt(tokens, k) || isWord(t, "END");
  // an alias without AS (`s = 6 AS flag` written `s = 6 flag`), where the item ends after it
  return aliasMayFollow && endsAfter(tokens, k + 1, false);
}

/** an operand wrapped already: a fragment of a translated query (a table function's argument) is translated again */
function promotedAlready(tokens: Token[], { start }: Promotion): boolean {
  return [...Object.values(MACROS), "spark_beside"].some((macro) => isWord(tokens[start], macro.toUpperCase()));
}
