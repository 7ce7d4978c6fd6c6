/**
 * `a * b`, `a / b`, `a % b`, `a + b` and `a - b` as Spark types and computes them over DECIMALs
 * (engine/decimal-arithmetic.ts): before translation, each whose operands are clear becomes spark_multiply(t, a, b),
 * spark_divide(t, a, b), spark_remainder(t, a, b), spark_add(t, a, b) or spark_subtract(t, a, b), t a NULL of the
 * result's type that json_transform makes from spark_decimal_type of the operands' DuckDB types, known when the
 * query binds (so written here, where the operands are: a macro's body is bound with its parameters unknown, and
 * json_transform needs its type constant then), and of the `p,s` Spark gives an operand that is a number
 * literal: an integer literal as many digits as it has (`price * 2` is DECIMAL(p + 2, s)), a decimal literal its
 * significant digits (0.05 is DECIMAL(2,2), where DuckDB reads DECIMAL(3,2)). Innermost parentheses first, then
 * products before sums, each from the left, so that `a + b * c - d` nests as Spark reads it; an operator whose
 * operands are not clear stays DuckDB's.
 *
 * An operand's type is read from a stand-in: the operand itself, except that each operation written here
 * stands in as spark_<name>_typed(a', b', la, lb), which writes its operands' stand-ins once. Read from
 * copies of the operand instead, a chain of n operations would write its first operand 2^n times, and
 * binding `a * b * c * d * e` would take seconds.
 */
import { nothingBindsBefore, parenEnd } from "./ansi-division.js";
import { isProductOperatorAt, termEnd, termStart } from "./concat-operator.js";
import { endsOperandAt } from "./operand-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";
import { splitArgs } from "./call.js";

/** the operators of a product's precedence and of a sum's, by operator: their macros */
const PRODUCTS: Readonly<Record<string, string>> = { "*": "spark_multiply", "/": "spark_divide", "%": "spark_remainder" };
const SUMS: Readonly<Record<string, string>> = { "+": "spark_add", "-": "spark_subtract" };

/** try_divide and try_multiply, Spark's `/` and `*` answering NULL where they fail, by name (lower case): their operator and macro */
const TRY_CALLS: Readonly<Record<string, { op: string; macro: string }>> = {
  try_divide: { op: "/", macro: "spark_try_decimal_divide" },
  try_multiply: { op: "*", macro: "spark_try_decimal_multiply" },
};

/**
 * the tokens with each `*`, `/`, `%`, `+` and `-` whose operands are clear written as spark_multiply(t, a, b), spark_divide(t, a, b),
 * spark_remainder(t, a, b), spark_add(t, a, b) or spark_subtract(t, a, b), and each try_divide(a, b) and try_multiply(a, b) as
 * spark_try_decimal_divide(t, a, b) and the like
 */
export function decimalOperators(tokens: Token[]): Token[] {
  return new TypedOperations().rewrite(tokens);
}

/** the operations of one statement, each written as its macro's call, whose stand-in for its type it keeps */
class TypedOperations {
  /** by a written call's first token, the tokens that stand in for it where its type is read */
  private readonly standIns = new Map<Token, Token[]>();

  /** each parenthesis's content first (a call's arguments, a group, a subquery), then the products and sums around them */
  rewrite(tokens: Token[]): Token[] {
    const out: Token[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const close = isOp(tokens[k], "(") ? parenEnd(tokens, k) : -1;
      if (close < 0) out.push(tokens[k]);
      else {
        out.push(tokens[k], ...this.rewrite(tokens.slice(k + 1, close)), tokens[close]);
        k = close;
      }
    }
    return this.level(out);
  }

  /** try_divide and try_multiply, then the products, then the sums, of tokens whose parentheses are written already */
  private level(tokens: Token[]): Token[] {
    return this.sums(this.products(this.tryCalls(tokens)));
  }

  private tryCalls(tokens: Token[]): Token[] {
    const out = [...tokens];
    for (let k = 0; k < out.length; k++) {
      const name = out[k];
      const tried = name.kind === "ident" && isOp(out[k + 1], "(") && !isOp(out[k - 1], ".") ? TRY_CALLS[name.value.toLowerCase()] : undefined;
      const close = tried ? parenEnd(out, k + 1) : -1;
      const args = close < 0 ? [] : splitArgs(out.slice(k + 2, close)).map((arg) => arg.slice(0, -1));
      if (!tried || args.length !== 2 || args.some((arg) => arg.length === 0)) continue;
      const call = this.typedCall(tried.macro, tried.op, args[0], args[1], name.pos);
      out.splice(k, close + 1 - k, ...call);
      k += call.length - 1;
    }
    return out;
  }

  private products(tokens: Token[]): Token[] {
    // a CASE … END on the left holds sums not written yet; the right operand's products and sums are not written yet either
    return this.operations(tokens, PRODUCTS, clearLeftStart, termEnd, (left, right) => [this.sums(left), this.level(right)]);
  }

  private sums(tokens: Token[]): Token[] {
    return this.operations(tokens, SUMS, clearSumLeftStart, sumRightEnd, (left, right) => [left, this.sums(right)]);
  }

  /**
   * each operator of `operators` (its macro by operator) outside parentheses whose operands are clear, from the left: `leftStart`
   * and `rightEnd` find the operands, or -1, and `written` writes what they hold
   */
  private operations(
    tokens: Token[],
    operators: Readonly<Record<string, string>>,
    leftStart: (tokens: Token[], end: number) => number,
    rightEnd: (tokens: Token[], start: number) => number,
    written: (left: Token[], right: Token[]) => [Token[], Token[]],
  ): Token[] {
    const out = [...tokens];
    for (let k = 0; k < out.length; k++) {
      const op = out[k];
      if (isOp(op, "(")) {
        k = parenEnd(out, k);
        if (k < 0) break;
        continue;
      }
      const macro = op.kind === "op" ? operators[op.value] : undefined;
      // `SELECT *`, `count(*)` and `t.*` are no products, a sign no sum
      if (macro === undefined || !endsOperandAt(out, k - 1)) continue;
      const start = leftStart(out, k - 1);
      const end = rightEnd(out, k + 1);
      if (start < 0 || end < 0) continue;
      const call = this.typedCall(macro, op.value, ...written(out.slice(start, k), out.slice(k + 1, end + 1)), op.pos);
      out.splice(start, end + 1 - start, ...call);
      k = start + call.length - 1;
    }
    return out;
  }

  /**
   * macro(t, left, right), t a NULL of Spark's type of `left op right` (engine/decimal-arithmetic.ts), or macro_of(t, t, left, right)
   * where neither operand holds a parenthesis; its stand-in kept
   */
  private typedCall(macro: string, op: string, left: Token[], right: Token[], pos: number): Token[] {
    const at = (kind: Token["kind"], value: string) => madeToken(kind, value, pos);
    const call = (name: string, ...args: Token[][]) => [at("ident", name), at("op", "("), ...args.flatMap((arg, n) => (n === 0 ? arg : [at("op", ","), ...arg])), at("op", ")")];
    // each copy as tokens of its own: the translator keys some rewrites by token
    const literals = () => [left, right].map((operand) => [at("string", literalPrecisionScale(operand)?.join(",") ?? "")]);
    const typeOf = (operand: Token[]) => call("spark_duckdb_type", this.standIn(operand));
    const typeNull = () => call("json_transform", [at("string", "null")], call("spark_decimal_type", [at("string", op)], typeOf(left), typeOf(right), ...literals()));
    // operands without a parenthesis (names, literals, fields) are bound twice at no cost: the overloads are called directly, without
    // the lambda (about 45 ns a row) that binds a nested operation once, and that an aggregate needs (DuckDB types an overload's
    // arguments apart from the query, where an aggregate has no type)
    const plain = [left, right].every((operand) => !operand.some((t) => isOp(t, "(")));
    const written = plain ? call(`${macro}_of`, typeNull(), typeNull(), left, right) : call(macro, typeNull(), left, right);
    this.standIns.set(written[0], call(`${macro}_typed`, this.standIn(left), this.standIn(right), ...literals()));
    return written;
  }

  /** a copy of an operand's tokens with each call written here as its stand-in */
  private standIn(operand: Token[]): Token[] {
    const copy: Token[] = [];
    for (let k = 0; k < operand.length; k++) {
      const standIn = this.standIns.get(operand[k]);
      if (standIn === undefined) copy.push({ ...operand[k] });
      else {
        copy.push(...standIn.map((t) => ({ ...t })));
        k = parenEnd(operand, k + 1);
      }
    }
    return copy;
  }
}

/**
 * the first token of the left operand of a sum ending at `end`, its signs included, when nothing before it binds to it: no product,
 * cast or field, nor a `+`, `-` or `||`, whose operation comes first (`x || a + b` is (x || a) + b); -1 otherwise
 */
export function clearSumLeftStart(tokens: Token[], end: number): number {
  let start = termStart(tokens, end);
  while (start > 0 && (isOp(tokens[start - 1], "-") || isOp(tokens[start - 1], "+")) && !endsOperandAt(tokens, start - 2)) start--;
  const before = tokens[start - 1];
  const takenBefore = isOp(before, "+") || isOp(before, "-") || isOp(before, "||");
  return start >= 0 && nothingBindsBefore(tokens, start) && !endsOperandAt(tokens, start - 1) && !takenBefore ? start : -1;
}

/** the last token of the right operand of a sum that starts at `start` (a typed literal too, DATE '2024-01-01'); -1 where a product left unwritten after it takes it (`a + x::decimal(10,2) * y` is no sum of a and x) */
function sumRightEnd(tokens: Token[], start: number): number {
  const end = termEnd(tokens, start);
  return end >= 0 && isProductOperatorAt(tokens, end + 1) ? -1 : end;
}

/** the first token of the left operand ending at `end` (a call with its OVER clause, an interval), when nothing before it binds to it; -1 otherwise */
function clearLeftStart(tokens: Token[], end: number): number {
  const start = termStart(tokens, end);
  return start >= 0 && nothingBindsBefore(tokens, start) && !endsOperandAt(tokens, start - 1) ? start : -1;
}

/**
 * Spark's `p,s` of an operand that is a number literal it widens to a DECIMAL by its digits: an integer (10, 7L, -3) has as many
 * digits as it is written with, without leading zeros; a decimal (0.05, 1.50BD) its significant digits, at least its scale.
 * undefined for anything else (a DOUBLE literal, 1e3, 2D, or no literal).
 */
function literalPrecisionScale(operand: Token[]): [number, number] | undefined {
  // a divisor in its zero guard (sql/ansi-division.ts), spark_divisor(3)
  const guarded = isWord(operand[0], "SPARK_DIVISOR") && isOp(operand[1], "(") && isOp(operand.at(-1), ")") ? operand.slice(2, -1) : operand;
  const number = guarded.filter((t) => !isOp(t, "-") && !isOp(t, "+"));
  const t = number[0];
  if (number.length !== 1 || t.kind !== "number" || /e/i.test(t.value)) return undefined;
  const [whole, fraction] = t.value.split(".");
  if (fraction === undefined) return ["", "L", "S", "Y"].includes(t.suffix) ? [whole.replace(/^0+(?=\d)/, "").length, 0] : undefined;
  if (!["", "BD"].includes(t.suffix)) return undefined;
  const significant = `${whole}${fraction}`.replace(/^0+/, "").length || 1;
  return [Math.max(significant, fraction.length), fraction.length];
}
